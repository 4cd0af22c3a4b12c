//! Reading a dataset file in the worker, chunk by chunk: the file's bytes come from a Blob
//! (an uploaded file's blob URL, or a listed dataset's address) [`READ_CHUNK_BYTES`] at a time,
//! each chunk goes through tmo-core's incremental [`DatasetReader`] and is dropped, so the
//! file's text is never held whole, and a read for the page reports its progress and can be
//! stopped between chunks.

use crate::export::js_error;
use tmo_core::dataset::{Dataset, DatasetError, DatasetReader};
use tmo_core::experiment::sweep::export::Fnv1a64;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, FileReaderSync, XmlHttpRequest, XmlHttpRequestResponseType};

/// Bytes read and checked per step: about 30 ms of parsing, so a stop is answered promptly.
pub const READ_CHUNK_BYTES: u32 = 1 << 20;

/// Where a read stands after a step.
#[derive(Debug)]
pub enum Outcome {
    /// More of the file is left.
    Reading,
    /// The whole file was read and is a valid dataset.
    Valid(Dataset),
    /// The file is not a valid dataset (read whole, or as far as it was worth reading).
    Rejected(DatasetError),
}

/// A dataset file being read: its bytes, the reader they go through and their hash.
pub struct Loading {
    blob: Blob,
    files: FileReaderSync,
    reader: DatasetReader,
    hash: Fnv1a64,
}

impl Loading {
    /// Opens the file at `url` (a synchronous request: it blocks this worker's thread only).
    pub fn open(url: &str) -> Result<Loading, String> {
        let request = XmlHttpRequest::new().map_err(failed)?;
        request.open_with_async("GET", url, false).map_err(failed)?;
        request.set_response_type(XmlHttpRequestResponseType::Blob);
        request.send().map_err(failed)?;
        match request.status().map_err(failed)? {
            200 => {}
            status => return Err(format!("could not read the file (HTTP {status})")),
        }
        let blob = request
            .response()
            .map_err(failed)?
            .dyn_into::<Blob>()
            .map_err(|_| "could not read the file: it holds no data".to_owned())?;
        Ok(Loading {
            blob,
            files: FileReaderSync::new().map_err(failed)?,
            reader: DatasetReader::default(),
            hash: Fnv1a64::default(),
        })
    }

    /// Reads and checks the next chunk; after an outcome other than [`Outcome::Reading`] the
    /// read is over.
    pub fn step(&mut self) -> Result<Outcome, String> {
        if let Some(error) = self.reader.rejection() {
            // Reading on could not make the file valid.
            return Ok(Outcome::Rejected(error));
        }
        let (size, position) = (self.blob.size(), self.reader.bytes_read() as f64);
        if position < size {
            let end = (position + f64::from(READ_CHUNK_BYTES)).min(size);
            let chunk = self
                .blob
                .slice_with_f64_and_f64(position, end)
                .map_err(failed)?;
            let buffer = self.files.read_as_array_buffer(&chunk).map_err(failed)?;
            let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
            if bytes.is_empty() {
                // The reader's count is the position: no bytes would never end the read.
                return Err("could not read the file: it changed while it was read".to_owned());
            }
            self.hash.update(&bytes);
            self.reader.push(&bytes);
            return Ok(Outcome::Reading);
        }
        Ok(match std::mem::take(&mut self.reader).finish() {
            Ok(dataset) => Outcome::Valid(dataset),
            Err(error) => Outcome::Rejected(error),
        })
    }

    /// Bytes read so far and in all.
    pub fn progress(&self) -> (u64, u64) {
        (self.reader.bytes_read(), self.blob.size() as u64)
    }

    /// FNV-1a 64 of the bytes read (of the whole file once it is [`Outcome::Valid`]).
    pub fn fnv1a_64(&self) -> u64 {
        self.hash.value()
    }
}

/// The valid dataset at `url`, read in one go (for a training run or a sweep, which need all
/// of it before they start).
pub fn read_whole(url: &str) -> Result<Dataset, String> {
    let mut loading = Loading::open(url)?;
    loop {
        match loading.step()? {
            Outcome::Reading => {}
            Outcome::Valid(dataset) => return Ok(dataset),
            Outcome::Rejected(error) => return Err(error.to_string()),
        }
    }
}

fn failed(error: JsValue) -> String {
    format!("could not read the file: {}", js_error(error))
}
