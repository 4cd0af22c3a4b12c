//! The one place that chooses the tensor backend the learners run on.
//!
//! burn 0.22 marks its ndarray backend deprecated in favour of `flex`. We keep ndarray, because
//! only ndarray can give the same weights natively and in wasm32: its matrix products use
//! matrixmultiply's unfused kernels on both (see `MMTEST_FEATURE` in `.cargo/config.toml`), while
//! flex's gemm picks a fused multiply–add kernel at run time on x86_64 CPUs that have FMA, with
//! no switch to turn that off, and an unfused one in wasm32. Measured with `benches/train.rs`
//! (`--features flex`) on a loaded 2-core machine, flex trained 30 000 RC-A2C steps on M4A1
//! about 15 % faster (median of five medians 530 ms against 623 ms; single medians varied by
//! ±30 %), a gain that does not outweigh bit-identical training in the browser.

use burn::tensor::Device;

/// A CPU backend of burn that the learners can run on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// burn-ndarray, single-threaded (the chosen backend).
    NdArray,
    /// burn-flex, burn 0.22's pure-Rust CPU backend (compared in the benchmark only).
    #[cfg(feature = "flex")]
    Flex,
}

impl Backend {
    /// The backend every trainer uses unless told otherwise.
    pub const CHOSEN: Backend = Backend::NdArray;

    /// A device of this backend with autodiff enabled, for training.
    #[allow(deprecated)] // ndarray is deprecated in burn 0.22; see the module documentation.
    pub fn autodiff_device(self) -> Device {
        match self {
            Backend::NdArray => Device::ndarray().autodiff(),
            #[cfg(feature = "flex")]
            Backend::Flex => Device::flex().autodiff(),
        }
    }

    /// A device of this backend without autodiff, for acting.
    pub fn inference_device(self) -> Device {
        self.autodiff_device().without_autodiff()
    }
}
