//! Orthogonal weight initialisation (as stable-baselines3's `ortho_init`), reproducible
//! bit for bit on every platform.
//!
//! Entries are drawn uniformly from a seeded ChaCha stream and orthonormalised by modified
//! Gram–Schmidt in f64. Only `+ − × ÷ √` are used, which IEEE 754 rounds exactly, so the
//! weights are the same natively and in wasm32 (a normal draw would need `ln`, whose last
//! bit differs between C libraries).

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

/// A `rows × cols` matrix (row-major) whose rows (if `rows ≤ cols`) or columns (otherwise)
/// are orthonormal, scaled by `gain`.
pub fn orthogonal(rows: usize, cols: usize, gain: f64, rng: &mut ChaCha8Rng) -> Vec<f32> {
    // Orthonormalise the `short` vectors of length `long`, then lay them out as rows or columns.
    let (short, long) = if rows <= cols {
        (rows, cols)
    } else {
        (cols, rows)
    };
    let mut basis: Vec<Vec<f64>> = Vec::with_capacity(short);
    while basis.len() < short {
        let mut v: Vec<f64> = (0..long).map(|_| rng.random_range(-1.0..1.0)).collect();
        for b in &basis {
            let dot: f64 = v.iter().zip(b).map(|(x, y)| x * y).sum();
            v.iter_mut().zip(b).for_each(|(x, y)| *x -= dot * y);
        }
        let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
        // A draw (almost) inside the span of the previous ones is redrawn.
        if norm > 1e-6 {
            v.iter_mut().for_each(|x| *x /= norm);
            basis.push(v);
        }
    }
    let mut out = vec![0.0f32; rows * cols];
    for (i, b) in basis.iter().enumerate() {
        for (j, x) in b.iter().enumerate() {
            let (r, c) = if rows <= cols { (i, j) } else { (j, i) };
            out[r * cols + c] = (x * gain) as f32;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn gram(m: &[f32], rows: usize, cols: usize, by_rows: bool) -> Vec<f64> {
        let n = if by_rows { rows } else { cols };
        let at = |v: usize, k: usize| {
            if by_rows {
                m[v * cols + k] as f64
            } else {
                m[k * cols + v] as f64
            }
        };
        let len = if by_rows { cols } else { rows };
        let mut g = vec![0.0; n * n];
        for a in 0..n {
            for b in 0..n {
                g[a * n + b] = (0..len).map(|k| at(a, k) * at(b, k)).sum();
            }
        }
        g
    }

    #[test]
    fn tall_and_wide_matrices_are_orthogonal_with_the_gain() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for (rows, cols, by_rows) in [(4, 9, true), (9, 4, false), (6, 6, true)] {
            let m = orthogonal(rows, cols, 2.0, &mut rng);
            let n = rows.min(cols);
            let g = gram(&m, rows, cols, by_rows);
            for a in 0..n {
                for b in 0..n {
                    let want = if a == b { 4.0 } else { 0.0 };
                    assert!(
                        (g[a * n + b] - want).abs() < 1e-5,
                        "{rows}x{cols} G[{a},{b}]"
                    );
                }
            }
        }
    }

    #[test]
    fn same_seed_same_weights() {
        let a = orthogonal(5, 7, 1.0, &mut ChaCha8Rng::seed_from_u64(9));
        let b = orthogonal(5, 7, 1.0, &mut ChaCha8Rng::seed_from_u64(9));
        let c = orthogonal(5, 7, 1.0, &mut ChaCha8Rng::seed_from_u64(10));
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
