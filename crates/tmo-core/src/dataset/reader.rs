//! Reads a dataset's JSON text incrementally, one top-level element at a time.
//!
//! A byte-level splitter follows the top level (whitespace, `[`, elements separated by
//! `,` outside strings and nested brackets, `]`) and keeps only the current element's
//! bytes. Each complete element is parsed by serde_json, typed and checked by
//! [`super::walk`], and dropped: memory holds the typed episodes so far and one element.
//!
//! serde_json parses each element behind a made-up prefix (`[` for the first element,
//! `[0,` for later ones) and before a made-up end (`]`, or `,0]` when a comma ended it),
//! so that it is in the state a parse of the whole file would be in: a malformed file
//! gets serde_json's own message for the whole file, with the line and column translated
//! back to the whole file.

use serde_json::Value;

use super::problem::{At, ProblemLog};
use super::rules::{check_ids, check_views};
use super::schema::Episode;
use super::{Dataset, DatasetError, walk};

/// The UTF-8 byte order mark, skipped at the very start of the input.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A byte's place in the input, as serde_json counts: its 1-based line and the number of
/// bytes before it on that line.
#[derive(Clone, Copy, Debug, Default)]
struct Place {
    line: usize,
    column: usize,
}

/// Where the splitter is in the top level of the input.
#[derive(Debug, Default)]
enum Phase {
    /// Before the top-level value: whitespace, and a byte order mark at the very start.
    #[default]
    Start,
    /// Inside the top-level array: in an element or between elements.
    Array,
    /// After the array's `]`: only whitespace may follow.
    Done,
    /// The top level is not an array: its text is kept whole, to be described at the end.
    Other,
    /// The input is not valid JSON: its one problem is logged and the rest is ignored.
    Broken,
}

/// Reads a dataset's JSON text pushed chunk by chunk, with the same outcome as
/// [`Dataset::from_json`] on the whole text (which is this reader given one chunk).
///
/// Chunks may split the text anywhere, even inside a UTF-8 character. A byte order mark
/// at the very start is skipped. Problems are those of [`Dataset::from_json`]: every
/// episode problem in file order (after the check of the number of views), or a single
/// `json` problem, naming line and column in the whole input, when the input is not
/// valid JSON.
///
/// ```
/// use tmo_core::dataset::DatasetReader;
///
/// let mut reader = DatasetReader::new();
/// for chunk in [&b"[{\"interac"[..], &b"tions\": []}"[..]] {
///     reader.push(chunk);
/// }
/// assert_eq!(reader.episodes_read(), 0); // the element may go on
/// reader.push(b"]");
/// assert_eq!(reader.episodes_read(), 1);
/// assert!(reader.finish().is_err()); // an episode needs turns and association scores
/// ```
#[derive(Debug, Default)]
pub struct DatasetReader {
    phase: Phase,
    /// Bytes of the byte order mark matched so far, while in [`Phase::Start`].
    bom: usize,
    /// In [`Phase::Array`], the made-up prefix and the current element's bytes so far;
    /// in [`Phase::Other`], the text of the top-level value so far.
    buf: Vec<u8>,
    /// The length of the made-up prefix at the start of `buf`.
    prefix: usize,
    /// Where the first input byte of `buf` sits in the input.
    start: Place,
    /// Brackets open inside the current element.
    depth: usize,
    /// Whether the splitter is inside a string.
    in_string: bool,
    /// Whether the previous byte was a backslash escaping this one, inside a string.
    escaped: bool,
    /// Newlines seen so far.
    newlines: usize,
    /// The input offset of the current line's first byte.
    line_start: u64,
    /// Bytes pushed so far.
    bytes: u64,
    /// Complete top-level elements seen so far.
    elements: usize,
    /// The number of views, once an element has shown it.
    views: Option<usize>,
    /// The elements read before any showed the number of views (all the elements so far,
    /// while `views` is unknown); they are checked once it is known, or at the end.
    pending: Vec<Value>,
    /// The typed episodes, while no problem has been found.
    episodes: Vec<Episode>,
    /// The ids of typed episodes, with their indices.
    ids: Vec<(usize, u64)>,
    /// Every problem so far.
    log: ProblemLog,
}

impl DatasetReader {
    /// A reader at the start of its input.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads the next chunk of the input.
    pub fn push(&mut self, bytes: &[u8]) {
        let base = self.bytes;
        let mut i = 0;
        while i < bytes.len() {
            match self.phase {
                Phase::Array => i = self.scan_array(bytes, i, base),
                Phase::Start => i = self.start_byte(bytes[i], base + i as u64, i),
                Phase::Done => {
                    let b = bytes[i];
                    let offset = base + i as u64;
                    if is_whitespace(b) {
                        self.newline(b, offset);
                    } else {
                        self.start = self.place(offset);
                        self.prefix = 2;
                        self.buf = vec![b'[', b']', b];
                        self.reject(&array_error(&self.buf));
                    }
                    i += 1;
                }
                Phase::Other => {
                    self.buf.extend_from_slice(&bytes[i..]);
                    i = bytes.len();
                }
                Phase::Broken => break,
            }
        }
        self.bytes += bytes.len() as u64;
    }

    /// Ends the input: the validated dataset, or every problem found.
    pub fn finish(mut self) -> Result<Dataset, DatasetError> {
        match self.phase {
            Phase::Start => {
                // Only whitespace (or part of a byte order mark) came: describe it as text.
                let (start, head) = if self.bom > 0 {
                    (Place { line: 1, column: 0 }, &BOM[..self.bom])
                } else {
                    (self.place(self.bytes), &[][..])
                };
                self.other(start, head);
                self.describe_top_level();
            }
            Phase::Array => self.reject(&array_error(&self.buf)),
            Phase::Other => self.describe_top_level(),
            Phase::Done => {
                if self.elements == 0 {
                    self.log
                        .push(At::TOP, "dataset", "the array holds no episodes");
                }
                for (e, value) in std::mem::take(&mut self.pending).iter().enumerate() {
                    self.read(e, value);
                }
                check_ids(self.ids.iter().copied(), &mut self.log);
            }
            Phase::Broken => {}
        }
        self.log.into_result()?;
        Ok(Dataset::build(self.episodes))
    }

    /// Complete top-level elements (episodes, well formed or not) seen so far.
    pub fn episodes_read(&self) -> usize {
        self.elements
    }

    /// Bytes pushed so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes
    }

    /// The error, once the input is certainly rejected so that reading on is pointless:
    /// once it is not valid JSON (then [`DatasetReader::finish`] returns that one problem
    /// whatever follows), or once more than [`super::MAX_PROBLEMS`] problems were found (then
    /// `finish` returns those listed, marked truncated, unless the rest of the input is not
    /// valid JSON, when it returns that problem instead). A caller that stops reading then
    /// reports this error: `finish` on a half-read input would report its end instead.
    ///
    /// A top level that is not an array is not rejected here, its problem being known only
    /// at the end, unless no JSON value can start with its first byte.
    pub fn rejection(&self) -> Option<DatasetError> {
        if matches!(self.phase, Phase::Broken) || self.log.is_truncated() {
            self.log.clone().into_result().err()
        } else {
            None
        }
    }

    /// Reads one byte before the top-level value (at `offset`, index `i` of its chunk);
    /// returns the index of the next byte to read.
    fn start_byte(&mut self, b: u8, offset: u64, i: usize) -> usize {
        if offset == self.bom as u64 && BOM.get(self.bom) == Some(&b) {
            self.bom += 1;
        } else if self.bom > 0 && self.bom < BOM.len() {
            // A broken byte order mark: invalid text, described at the end.
            self.other(Place { line: 1, column: 0 }, &BOM[..self.bom]);
            return i;
        } else if is_whitespace(b) {
            self.newline(b, offset);
        } else if b == b'[' {
            self.phase = Phase::Array;
            self.buf = b"[".to_vec();
            self.prefix = 1;
            self.start = self.place(offset + 1);
        } else if starts_value(b) {
            self.other(self.place(offset), &[]);
            return i;
        } else {
            // No JSON value starts with this byte (a binary file, say): the input is invalid
            // here whatever follows, so it is rejected now instead of being kept whole.
            self.other(self.place(offset), &[b]);
            self.describe_top_level();
        }
        i + 1
    }

    /// Follows the array from index `from` of `bytes` (whose first byte is at input offset
    /// `base`) to the end of the current element or of the chunk; returns the index of the
    /// next byte to read.
    fn scan_array(&mut self, bytes: &[u8], from: usize, base: u64) -> usize {
        for (i, &b) in bytes.iter().enumerate().skip(from) {
            if b == b'\n' {
                self.newlines += 1;
                self.line_start = base + i as u64 + 1;
            }
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                }
                continue;
            }
            match b {
                b'"' => self.in_string = true,
                b'[' | b'{' => self.depth += 1,
                b']' | b'}' if self.depth > 0 => self.depth -= 1,
                b',' | b']' if self.depth == 0 => {
                    self.buf.extend_from_slice(&bytes[from..i]);
                    self.end_element(b, base + i as u64 + 1);
                    return i + 1;
                }
                b'}' => {
                    // A `}` closing nothing: the whole file's parse fails here or before.
                    self.buf.extend_from_slice(&bytes[from..=i]);
                    self.reject(&array_error(&self.buf));
                    return bytes.len();
                }
                _ => {}
            }
        }
        self.buf.extend_from_slice(&bytes[from..]);
        bytes.len()
    }

    /// Parses the element in `buf`, ended by `end` (`,` or `]`); `next` is the input
    /// offset of the byte after `end`.
    fn end_element(&mut self, end: u8, next: u64) {
        self.buf
            .extend_from_slice(if end == b',' { b",0]" } else { b"]" });
        let items = match serde_json::from_slice::<Vec<Value>>(&self.buf) {
            Ok(items) => items,
            Err(e) => return self.reject(&e),
        };
        // The first element is the only item; a later one follows the made-up `0`. No
        // item at all: the array is empty (`[]`).
        let skip = usize::from(self.elements > 0);
        if let Some(value) = items.into_iter().nth(skip) {
            self.element(value);
        }
        if end == b',' {
            self.buf.clear();
            self.buf.extend_from_slice(b"[0,");
            self.prefix = 3;
            self.start = self.place(next);
        } else {
            self.buf = Vec::new();
            self.phase = Phase::Done;
        }
    }

    /// Types and checks the next element, or keeps it until the number of views is known.
    fn element(&mut self, value: Value) {
        let e = self.elements;
        self.elements += 1;
        if self.views.is_none() {
            let Some(views) = walk::views_shown(&value) else {
                return self.pending.push(value);
            };
            self.views = Some(views);
            check_views(views, At::episode(e), &mut self.log);
            for (p, earlier) in std::mem::take(&mut self.pending).iter().enumerate() {
                self.read(p, earlier);
            }
        }
        self.read(e, &value);
    }

    /// Types and checks element `e`; keeps the episode while no problem has been found.
    fn read(&mut self, e: usize, value: &Value) {
        let typed = walk::read_episode(value, At::episode(e), self.views, &mut self.log);
        if let Some(id) = typed.as_ref().and_then(|ep| ep.id) {
            self.ids.push((e, id));
        }
        match typed {
            Some(episode) if self.log.is_clean() => self.episodes.push(episode),
            _ => self.episodes = Vec::new(),
        }
    }

    /// Keeps the rest of the input whole: the top-level value (starting with `head`, at
    /// `start`) is not an array.
    fn other(&mut self, start: Place, head: &[u8]) {
        self.phase = Phase::Other;
        self.buf = head.to_vec();
        self.prefix = 0;
        self.start = start;
    }

    /// The problem of a top level that is not an array (valid JSON or not).
    fn describe_top_level(&mut self) {
        match serde_json::from_slice::<Value>(&self.buf) {
            Ok(value) => self.log.push(
                At::TOP,
                "dataset",
                format!(
                    "the top level must be an array of episodes, found {}",
                    walk::kind(&value)
                ),
            ),
            Err(e) => self.reject(&e),
        }
    }

    /// Logs `error` (from parsing `buf`) as the one problem of an input that is not valid
    /// JSON, and ignores the rest of the input.
    fn reject(&mut self, error: &serde_json::Error) {
        let message = located(error, self.prefix, self.start);
        *self = DatasetReader {
            phase: Phase::Broken,
            bytes: self.bytes,
            elements: self.elements,
            ..DatasetReader::default()
        };
        self.log
            .push(At::TOP, "json", format!("invalid JSON: {message}"));
    }

    /// Counts a newline at input offset `offset`, if `b` is one.
    fn newline(&mut self, b: u8, offset: u64) {
        if b == b'\n' {
            self.newlines += 1;
            self.line_start = offset + 1;
        }
    }

    /// The place of input offset `offset`, on the current line.
    fn place(&self, offset: u64) -> Place {
        Place {
            line: self.newlines + 1,
            column: usize::try_from(offset.saturating_sub(self.line_start)).unwrap_or(usize::MAX),
        }
    }
}

/// JSON whitespace.
fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\t' | b'\r')
}

/// Whether a JSON value can start with `b` (an object, array, string, number or literal).
fn starts_value(b: u8) -> bool {
    matches!(
        b,
        b'{' | b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n'
    )
}

/// serde_json's error for `buf`, an array the splitter knows to be malformed or cut short.
fn array_error(buf: &[u8]) -> serde_json::Error {
    match serde_json::from_slice::<Vec<Value>>(buf) {
        Err(e) => e,
        // Not expected: serde_json rejects every text the splitter does.
        Ok(_) => serde::de::Error::custom("malformed array"),
    }
}

/// serde_json's message for `error` in a text whose first `prefix` bytes were made up
/// and whose next byte is at `start` in the input, located in the input.
fn located(error: &serde_json::Error, prefix: usize, start: Place) -> String {
    let text = error.to_string();
    if error.line() == 0 {
        return text;
    }
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let what = text.strip_suffix(&suffix).unwrap_or(&text);
    let (line, column) = if error.line() == 1 {
        (
            start.line,
            start.column + error.column().saturating_sub(prefix),
        )
    } else {
        (start.line + error.line() - 1, error.column())
    };
    format!("{what} at line {line} column {column}")
}
