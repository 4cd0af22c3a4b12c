//! The one place that chooses the tensor backend the learners run on.
//!
//! burn 0.22 marks its ndarray backend deprecated in favour of `flex`. We keep ndarray:
//! it builds and runs identically natively and in wasm32, and the benchmark in
//! `benches/train.rs` (run with `--features flex`) measures whether flex would be faster.

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
