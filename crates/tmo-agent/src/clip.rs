//! Gradient clipping by the global norm over all parameters (PyTorch's `clip_grad_norm_`,
//! which stable-baselines3 uses; burn's own clipping works per tensor).

use burn::module::{Module, ModuleVisitor, Param};
use burn::optim::GradientsParams;
use burn::tensor::Tensor;

/// Scales every gradient of `model` in `grads` by `max_norm / (‖g‖ + 1e-6)` when the global
/// norm `‖g‖` exceeds `max_norm`; returns `‖g‖` before clipping.
pub fn clip_global_norm<M: Module>(model: &M, grads: &mut GradientsParams, max_norm: f32) -> f32 {
    let mut sum = SquaredNorm { grads, total: 0.0 };
    model.visit(&mut sum);
    let norm = sum.total.sqrt();
    let coef = max_norm / (norm + 1e-6);
    if coef < 1.0 {
        model.visit(&mut Scale { grads, coef });
    }
    norm
}

struct SquaredNorm<'a> {
    grads: &'a GradientsParams,
    total: f32,
}

impl ModuleVisitor for SquaredNorm<'_> {
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        if let Some(g) = self.grads.get::<D>(param.id) {
            let s: f32 = g.square().sum().into_scalar();
            self.total += s;
        }
    }
}

struct Scale<'a> {
    grads: &'a mut GradientsParams,
    coef: f32,
}

impl ModuleVisitor for Scale<'_> {
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        if let Some(g) = self.grads.remove::<D>(param.id) {
            self.grads.register(param.id, g.mul_scalar(self.coef));
        }
    }
}
