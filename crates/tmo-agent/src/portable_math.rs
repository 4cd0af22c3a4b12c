//! The networks' transcendental functions, computed bit for bit alike natively and in wasm32.
//!
//! burn-ndarray computes `tanh`, `exp` and `ln` with the platform's C library: glibc natively
//! (with FMA variants on CPUs that have FMA), Rust's port of musl in wasm32. Their results
//! differ in the last bit, and a training run amplifies that. Here `tanh` is a rational
//! function in plain `+ − × ÷` ([`tanh_f32`]), and `exp` and `ln` come from the `libm` crate,
//! the same software on every platform; IEEE 754 rounds those four operations exactly, and Rust
//! never fuses them into multiply–adds.
//!
//! In an autodiff graph a value `y = f(x)` computed off the graph is attached as
//! `y + (x − detach(x)) · f′(x)`: `x − detach(x)` is exactly zero, so the forward value is
//! exactly `y`, and the gradient is `f′(x)`, also computed here.

use crate::model::floats;
use burn::tensor::{Tensor, TensorData};

/// Element-wise hyperbolic tangent ([`tanh_f32`]), with the derivative `1 − tanh²`.
pub fn tanh(x: Tensor<2>) -> Tensor<2> {
    attach(x, tanh_f32, |y| 1.0 - y * y)
}

/// The hyperbolic tangent as Eigen's `ptanh_float` (3.4) computes it: a 13/6-degree rational
/// function on `x` clamped to ±7.905 (where it reaches ±1), `x` itself below 0.0004. Within
/// a few ulp of the true value, and no platform function or fused multiply–add, so the same
/// bits everywhere.
#[allow(clippy::excessive_precision)] // Eigen's coefficients, as published.
pub fn tanh_f32(a: f32) -> f32 {
    const CLAMP: f32 = 7.905_311_107_635_498_05;
    const ALPHA: [f32; 7] = [
        -2.760_768_477_423_55e-16,
        2.000_187_904_824_77e-13,
        -8.604_671_522_137_35e-11,
        5.122_297_090_371_14e-8,
        1.485_722_357_179_79e-5,
        6.372_619_288_754_36e-4,
        4.893_524_558_917_86e-3,
    ];
    const BETA: [f32; 4] = [
        1.198_258_394_667_02e-6,
        1.185_347_056_866_54e-4,
        2.268_434_632_439_00e-3,
        4.893_525_185_543_85e-3,
    ];
    if a.abs() < 0.0004 {
        return a;
    }
    let x = a.clamp(-CLAMP, CLAMP);
    let x2 = x * x;
    let horner = |c: &[f32]| c[1..].iter().fold(c[0], |acc, &k| acc * x2 + k);
    x * horner(&ALPHA) / horner(&BETA)
}

/// Element-wise exponential.
pub fn exp(x: Tensor<2>) -> Tensor<2> {
    attach(x, libm::expf, |y| y)
}

/// The logarithms of the softmax of each row.
pub fn log_softmax(z: Tensor<2>) -> Tensor<2> {
    let [rows, cols] = z.dims();
    let device = z.device();
    let tensor = |v: Vec<f32>| Tensor::<2>::from_data(TensorData::new(v, [rows, cols]), &device);
    let zero = tracked_zero(&z);
    let logp = log_softmax_rows(&floats(z), cols);
    let Some(d) = zero else {
        return tensor(logp);
    };
    // ∂ log p_i / ∂ z_j = δ_ij − p_j, so the zero d enters as d − Σ_j p_j d_j.
    let probs = tensor(logp.iter().map(|&l| libm::expf(l)).collect());
    tensor(logp) + d.clone() - (d * probs).sum_dim(1)
}

/// The softmax of each row of the row-major `cols`-wide matrix `z`.
pub fn softmax_rows(z: &[f32], cols: usize) -> Vec<f32> {
    let mut out = Vec::with_capacity(z.len());
    for row in z.chunks_exact(cols) {
        let max = row_max(row);
        let start = out.len();
        out.extend(row.iter().map(|&v| libm::expf(v - max)));
        let total: f32 = out[start..].iter().sum();
        out[start..].iter_mut().for_each(|e| *e /= total);
    }
    out
}

/// The logarithms of the softmax of each row of the row-major `cols`-wide matrix `z`.
pub fn log_softmax_rows(z: &[f32], cols: usize) -> Vec<f32> {
    let mut out = Vec::with_capacity(z.len());
    for row in z.chunks_exact(cols) {
        let max = row_max(row);
        let total: f32 = row.iter().map(|&v| libm::expf(v - max)).sum();
        let log_total = libm::logf(total);
        out.extend(row.iter().map(|&v| v - max - log_total));
    }
    out
}

fn row_max(row: &[f32]) -> f32 {
    row.iter().copied().fold(f32::NEG_INFINITY, f32::max)
}

/// The tensor of `f(x)` (shaped as `x`), attached to `x`'s graph with the derivative
/// `slope(f(x))` when `x` is tracked.
fn attach(x: Tensor<2>, f: impl Fn(f32) -> f32, slope: impl Fn(f32) -> f32) -> Tensor<2> {
    let shape = x.dims();
    let device = x.device();
    let tensor = |v: Vec<f32>| Tensor::<2>::from_data(TensorData::new(v, shape), &device);
    let zero = tracked_zero(&x);
    let mut y = floats(x);
    y.iter_mut().for_each(|v| *v = f(*v));
    let Some(zero) = zero else {
        return tensor(y);
    };
    let slopes = y.iter().map(|&v| slope(v)).collect();
    tensor(y) + zero * tensor(slopes)
}

/// `x − detach(x)` (exactly zero, with `x`'s gradient) when `x` is tracked.
///
/// Taken before `x` is read, so that reading it finds its storage unshared and moves it
/// out instead of copying it element by element.
fn tracked_zero(x: &Tensor<2>) -> Option<Tensor<2>> {
    x.is_tracked().then(|| x.clone() - x.clone().detach())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::Backend;
    use burn::tensor::Device;

    fn tensor(v: &[f32], cols: usize, device: &Device) -> Tensor<2> {
        Tensor::from_data(TensorData::new(v.to_vec(), [v.len() / cols, cols]), device)
    }

    const Z: [f32; 6] = [0.3, -1.2, 2.0, 0.0, 0.5, -0.25];

    /// The gradients of `Σ w · f(z)` with respect to `z`, by `f` on the autodiff device.
    fn gradient(f: impl Fn(Tensor<2>) -> Tensor<2>, w: &[f32]) -> Vec<f32> {
        let device = Backend::CHOSEN.autodiff_device();
        let z = tensor(&Z, 3, &device).require_grad();
        let loss = (f(z.clone()) * tensor(w, 3, &device)).sum();
        let grads = loss.backward();
        floats(z.grad(&grads).expect("z takes part in the loss"))
    }

    fn close(a: &[f32], b: &[f32], tol: f32) {
        assert_eq!(a.len(), b.len());
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            assert!((x - y).abs() <= tol, "element {i}: {x} vs {y}");
        }
    }

    #[test]
    fn values_agree_with_burn_and_are_exactly_the_scalar_functions() {
        let device = Backend::CHOSEN.autodiff_device();
        let z = || tensor(&Z, 3, &device).require_grad();
        let ours = floats(tanh(z()));
        close(&ours, &floats(z().tanh()), 1e-6);
        let want: Vec<f32> = Z.iter().map(|&v| tanh_f32(v)).collect();
        assert_eq!(ours, want, "the attached graph leaves the value exact");
        close(&floats(exp(z())), &floats(z().exp()), 1e-6);
        let burn_ls = floats(burn::tensor::activation::log_softmax(z(), 1));
        close(&floats(log_softmax(z())), &burn_ls, 1e-6);
        close(
            &softmax_rows(&Z, 3),
            &floats(burn::tensor::activation::softmax(z(), 1)),
            1e-6,
        );
    }

    #[test]
    fn the_rational_tanh_is_within_a_few_ulp_odd_and_saturates() {
        for i in -20_000..=20_000 {
            let x = i as f32 * 5e-4;
            let (ours, exact) = (tanh_f32(x), (x as f64).tanh());
            assert!(
                (ours as f64 - exact).abs() <= 4e-7 * exact.abs().max(1e-3),
                "{x}"
            );
            assert_eq!(tanh_f32(-x), -ours, "odd at {x}");
        }
        assert_eq!(tanh_f32(1e-5), 1e-5);
        assert_eq!(tanh_f32(50.0), 1.0);
        assert_eq!(tanh_f32(f32::NEG_INFINITY), -1.0);
        assert!(tanh_f32(f32::NAN).is_nan());
    }

    #[test]
    fn gradients_agree_with_burns_own() {
        let w = [1.0, -2.0, 0.5, 3.0, 0.25, -1.0];
        close(&gradient(tanh, &w), &gradient(|z| z.tanh(), &w), 1e-6);
        close(&gradient(exp, &w), &gradient(|z| z.exp(), &w), 1e-5);
        close(
            &gradient(log_softmax, &w),
            &gradient(|z| burn::tensor::activation::log_softmax(z, 1), &w),
            1e-6,
        );
    }

    #[test]
    fn untracked_inputs_give_plain_values() {
        let device = Backend::CHOSEN.inference_device();
        let z = tensor(&Z, 3, &device);
        assert!(!tanh(z.clone()).is_tracked());
        assert_eq!(
            floats(log_softmax(z)),
            log_softmax_rows(&Z, 3),
            "same numbers off and on the graph"
        );
    }
}
