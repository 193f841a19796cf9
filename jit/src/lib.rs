//! `spikelift-jit`: the execution backend of spikelift.
//!
//! It owns a small kernel IR ([`ir`]), its static checks ([`verify`]), a reference
//! interpreter ([`interp`]), a Cranelift JIT ([`cranelift`]) and a safe executor
//! ([`exec`]) that runs kernels serially or over fixed-size chunks with rayon. Intrinsic
//! functions come from one table ([`intrinsics`]) shared by both backends, so the
//! interpreter and the compiled code agree bit for bit.
//!
//! What it is NOT: it knows nothing about neurons, synapses, physical units, equations
//! or parsing. The simulator lowers its code objects to [`Kernel`]s, binds arrays and
//! scalars by slot number, and calls [`Compiled::run_range`] / [`Compiled::run_events`].
//!
//! ```
//! use spikelift_jit::*;
//! // v[idx] += dt * (1.0 - v[idx])
//! let k = Kernel {
//!     name: "relax".into(),
//!     shape: Shape::EachIndex,
//!     n_slots: 1,
//!     n_scalars: 1,
//!     n_idx_slots: 0,
//!     n_locals: 0,
//!     tables: Vec::new(),
//!     body: vec![Stmt::Store(
//!         0,
//!         Index::Loop,
//!         Expr::Binary(
//!             BinOp::Add,
//!             Box::new(Expr::Load(0, Index::Loop)),
//!             Box::new(Expr::Binary(
//!                 BinOp::Mul,
//!                 Box::new(Expr::Scalar(0)),
//!                 Box::new(Expr::Binary(
//!                     BinOp::Sub,
//!                     Box::new(Expr::Const(1.0)),
//!                     Box::new(Expr::Load(0, Index::Loop)),
//!                 )),
//!             )),
//!         ),
//!     )],
//! };
//! let c = compile(k, Backend::Jit)?;
//! let mut v = vec![0.0; 4];
//! let mut b = Bindings::new(vec![&mut v], &[0.5]);
//! c.run_range(&mut b, 4, Policy::Serial, &mut Vec::new())?;
//! assert_eq!(v, [0.5; 4]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

pub mod cranelift;
pub mod exec;
pub mod interp;
pub mod intrinsics;
pub mod ir;
pub mod verify;

pub use cranelift::{Jit, JitError, JitOptions, NativeKernel, OptLevel};
pub use exec::{
    Backend, BindError, Bindings, Compiled, Policy, compile, compile_all, compile_all_with,
    compile_with,
};
pub use interp::{Env, Interp, Memory, Slices, table_element};
pub use ir::{
    BinOp, Expr, IdxSlotId, Index, Intrinsic, Kernel, LocalId, ScalarId, Shape, SlotId, Stmt,
    TableId, UnOp,
};
pub use verify::{
    Analysis, SlotUse, VerifyError, analyze, is_parallel_safe, partitionable_by, verify,
};
