//! Translation of a [`Kernel`] to native code with Cranelift, and ownership of that code.
//!
//! Every kernel becomes one function with the C ABI [`KernelFn`]:
//!
//! ```text
//! unsafe extern "C" fn(arrays: *const *mut f64, scalars: *const f64, indices: *const u32,
//!                      start: usize, end: usize, events_out: *mut u32) -> usize
//! ```
//!
//! It runs `k` in `start..end` with `idx = k` (`EachIndex`) or `idx = indices[k]`
//! (`EachEvent`). `Load`/`Store` at `Index::Loop` use element `idx` of `arrays[slot]`,
//! `Index::Zero` uses element 0, `Index::Via(v)` element `ix[idx]` where `ix` is the
//! `u32` index array at `arrays[n_slots + v]` (index arrays follow the arrays in the
//! pointer table). `Lookup(t, x)` reads the read-only `f64` table at
//! `arrays[n_slots + n_idx_slots + t]` (tables follow the index arrays) at element
//! `clamp(fcvt_to_sint_sat(x), 0, len - 1)` with the length `Kernel::tables[t]` built
//! into the code (the executor checks that the bound table has it). `EmitIf` writes `idx as u32` to `events_out[count]` and
//! increments `count` if its condition is non-zero; the function returns `count`.
//! The write is branch-free: `events_out[count]` is written on every iteration and `count`
//! only advances when the condition holds, so `events_out` must have room for
//! `end - start` entries when the kernel contains an `EmitIf` (verified kernels contain at
//! most one). Scalars are loaded once, before the loop, and so are the array base
//! pointers of kernels that use at most [`MAX_HOISTED_BASES`] arrays; wider kernels
//! load each base pointer where it is used (thousands of pointers live across the loop
//! make register allocation quadratic).
//!
//! Kernels that may run in parallel chunks ([`Analysis::parallel_safe`]: every write is to
//! the loop's own element and no element written is read by another iteration) and do
//! not emit are also given a two-lane loop ([`JitOptions::vectorize`], on x86-64 hosts):
//! while two indices remain, iterations `k` and `k + 1` run together on `f64x2` values
//! (`Loop` loads and stores of two adjacent elements, `Zero` loads and scalars
//! broadcast), then the scalar loop finishes the range. Each lane performs exactly the
//! scalar operation sequence of its iteration (the same IEEE instructions, lane-wise;
//! calls of intrinsics and `floor`/`ceil`/`trunc` are made lane by lane), and since no
//! iteration reads what another one writes, running the two iterations side by side
//! gives the same bits as running them one after the other.
//!
//! Semantics are exactly those of [`crate::interp`]: no FMA contraction, no fast-math,
//! comparisons via `fcmp` giving `1.0`/`0.0`, truthiness is `fcmp ne x, 0.0` (true for
//! NaN), intrinsics are either exact instructions or calls of the functions in
//! [`crate::intrinsics`] (imported symbols registered with `JITBuilder::symbol`).
//!
//! Code memory lives as long as any [`NativeKernel`] compiled in the same batch: the
//! `JITModule` is owned by an `Arc`-shared owner whose `Drop` frees it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use cranelift_codegen::Context;
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{
    AbiParam, Endianness, FuncRef, InstBuilder, MemFlagsData, StackSlotData, StackSlotKind,
    UserFuncName, Value, types,
};
use cranelift_codegen::isa::OwnedTargetIsa;
use cranelift_codegen::settings::{self, Configurable};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{FuncId, Linkage, Module, default_libcall_names};
use thiserror::Error;

use crate::intrinsics::{self, ALL_INTRINSICS, ExactOp, LIBCALL_FALLBACKS, Lowering};
use crate::ir::{BinOp, Expr, Index, Intrinsic, Kernel, Shape, Stmt, UnOp};
use crate::verify::{self, Analysis, VerifyError};

/// Kernels using more arrays than this load array base pointers at each use instead
/// of once before the loop.
pub const MAX_HOISTED_BASES: usize = 32;

/// Kernels with more locals than this keep them in a stack slot instead of in SSA
/// values (thousands of values live at once make register allocation quadratic).
/// Storing and reloading an `f64` is exact, so results do not change.
pub const MAX_SSA_LOCALS: u32 = 256;

/// The native entry point of a compiled kernel (see the module docs for the contract).
pub(crate) type KernelFn =
    unsafe extern "C" fn(*const *mut f64, *const f64, *const u32, usize, usize, *mut u32) -> usize;

/// Cranelift optimisation level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OptLevel {
    /// No optimisation: fastest compilation.
    None,
    /// Optimise for speed (the default).
    #[default]
    Speed,
    /// Optimise for speed and code size.
    SpeedAndSize,
}

impl OptLevel {
    fn setting(self) -> &'static str {
        match self {
            OptLevel::None => "none",
            OptLevel::Speed => "speed",
            OptLevel::SpeedAndSize => "speed_and_size",
        }
    }
}

/// Options of the Cranelift backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JitOptions {
    /// Optimisation level (default [`OptLevel::Speed`]).
    pub opt_level: OptLevel,
    /// Run Cranelift's IR verifier (default: on in debug builds, off in release builds).
    pub verifier: bool,
    /// Give parallel-safe, non-emitting `EachIndex` kernels a two-lane SIMD loop (see the
    /// module docs; default on). Only used on x86-64 hosts; results are identical either way.
    pub vectorize: bool,
}

impl Default for JitOptions {
    fn default() -> Self {
        JitOptions {
            opt_level: OptLevel::Speed,
            verifier: cfg!(debug_assertions),
            vectorize: true,
        }
    }
}

/// Why a kernel could not be compiled.
#[derive(Debug, Error)]
pub enum JitError {
    /// The kernel failed [`verify::verify`].
    #[error("kernel `{kernel}` is invalid: {source}")]
    Verify {
        /// Kernel name.
        kernel: String,
        /// What is wrong with it.
        #[source]
        source: VerifyError,
    },
    /// Cranelift does not support this host.
    #[error("host machine not supported by Cranelift: {0}")]
    Host(String),
    /// Cranelift failed to generate code for the kernel.
    #[error("code generation failed for kernel `{kernel}`: {message}")]
    Codegen {
        /// Kernel name.
        kernel: String,
        /// Cranelift's message.
        message: String,
    },
    /// Linking (symbol resolution, making memory executable) failed.
    #[error("linking JIT code failed: {0}")]
    Link(String),
}

/// Owns one `JITModule` (one compile batch) and frees its code memory when dropped.
struct CodeOwner {
    // `JITModule` is `Send` but not `Sync`; the mutex makes the owner shareable. It is never
    // locked after compilation: the module is only kept alive and finally freed.
    module: Mutex<Option<JITModule>>,
}

impl Drop for CodeOwner {
    fn drop(&mut self) {
        let slot = match self.module.get_mut() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(module) = slot.take() {
            // SAFETY: every function pointer into this module is held by a `NativeKernel`
            // together with an `Arc` of this owner, so when the last `Arc` is dropped no
            // pointer into the code memory remains and nothing can call it any more.
            unsafe { module.free_memory() };
        }
    }
}

/// A kernel compiled to native code. Cheap to clone; keeps its code memory alive.
#[derive(Clone)]
pub struct NativeKernel {
    func: KernelFn,
    _owner: Arc<CodeOwner>,
    kernel: Arc<Kernel>,
    analysis: Arc<Analysis>,
}

impl std::fmt::Debug for NativeKernel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NativeKernel")
            .field("name", &self.kernel.name)
            .field("func", &(self.func as *const u8))
            .finish_non_exhaustive()
    }
}

impl NativeKernel {
    /// The kernel this code was compiled from.
    pub fn kernel(&self) -> &Kernel {
        &self.kernel
    }

    pub(crate) fn shared_kernel(&self) -> &Arc<Kernel> {
        &self.kernel
    }

    pub(crate) fn analysis(&self) -> &Analysis {
        &self.analysis
    }

    /// The entry point. Calling it is only sound under the contract in the module docs.
    pub(crate) fn func(&self) -> KernelFn {
        self.func
    }
}

/// The Cranelift compiler. Build once, compile many batches.
pub struct Jit {
    isa: OwnedTargetIsa,
    fctx: FunctionBuilderContext,
    /// Whether eligible kernels get the two-lane loop (option on and an x86-64 host).
    vectorize: bool,
}

impl std::fmt::Debug for Jit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Jit")
            .field("isa", &self.isa.name())
            .finish_non_exhaustive()
    }
}

impl Jit {
    /// Sets up Cranelift for the host machine.
    pub fn new(options: JitOptions) -> Result<Jit, JitError> {
        let mut flags = settings::builder();
        flags
            .set("opt_level", options.opt_level.setting())
            .expect("bug: opt_level setting");
        flags
            .set("use_colocated_libcalls", "false")
            .expect("bug: use_colocated_libcalls setting");
        flags.set("is_pic", "false").expect("bug: is_pic setting");
        flags
            .set(
                "enable_verifier",
                if options.verifier { "true" } else { "false" },
            )
            .expect("bug: enable_verifier setting");
        let isa = cranelift_native::builder()
            .map_err(|e| JitError::Host(e.to_string()))?
            .finish(settings::Flags::new(flags))
            .map_err(|e| JitError::Host(e.to_string()))?;
        let vectorize = options.vectorize && isa.name() == "x64";
        Ok(Jit {
            isa,
            fctx: FunctionBuilderContext::new(),
            vectorize,
        })
    }

    /// Compiles one kernel (a batch of one).
    pub fn compile(&mut self, kernel: &Kernel) -> Result<NativeKernel, JitError> {
        let mut v = self.compile_shared(vec![Arc::new(kernel.clone())])?;
        v.pop()
            .ok_or_else(|| JitError::Link("bug: empty batch result".into()))
    }

    /// Compiles a batch of kernels into one code module (verifying each first).
    pub fn compile_all(&mut self, kernels: &[Kernel]) -> Result<Vec<NativeKernel>, JitError> {
        self.compile_shared(kernels.iter().cloned().map(Arc::new).collect())
    }

    /// Compiles a batch of shared kernels into one code module (verifying each first).
    pub(crate) fn compile_shared(
        &mut self,
        kernels: Vec<Arc<Kernel>>,
    ) -> Result<Vec<NativeKernel>, JitError> {
        for k in &kernels {
            verify::verify(k).map_err(|source| JitError::Verify {
                kernel: k.name.clone(),
                source,
            })?;
        }
        let mut jb = JITBuilder::with_isa(self.isa.clone(), default_libcall_names());
        for i in ALL_INTRINSICS {
            if let Some((name, ptr)) = intrinsics::lowering(i).symbol() {
                jb.symbol(name, ptr);
            }
        }
        for (name, f) in LIBCALL_FALLBACKS {
            jb.symbol(name, f as *const u8);
        }
        // From here on the owner frees the module's memory on every exit path.
        let owner = Arc::new(CodeOwner {
            module: Mutex::new(Some(JITModule::new(jb))),
        });
        let mut guard = owner
            .module
            .lock()
            .map_err(|_| JitError::Link("bug: poisoned module lock".into()))?;
        let module = guard
            .as_mut()
            .ok_or_else(|| JitError::Link("bug: module missing".into()))?;

        let mut ctx = module.make_context();
        let mut imports: HashMap<Intrinsic, FuncId> = HashMap::new();
        let mut ids = Vec::with_capacity(kernels.len());
        for k in &kernels {
            let fid = build_function(
                module,
                &mut ctx,
                &mut self.fctx,
                k,
                &mut imports,
                self.vectorize,
            )?;
            module
                .define_function(fid, &mut ctx)
                .map_err(|e| JitError::Codegen {
                    kernel: k.name.clone(),
                    message: format!("{e:?}"),
                })?;
            module.clear_context(&mut ctx);
            ids.push(fid);
        }
        module
            .finalize_definitions()
            .map_err(|e| JitError::Link(e.to_string()))?;

        let mut out = Vec::with_capacity(kernels.len());
        for (k, fid) in kernels.into_iter().zip(ids) {
            let ptr = module.get_finalized_function(fid);
            // SAFETY: `ptr` is the finalized (executable) code of a function built by
            // `build_function` with exactly the signature of `KernelFn` (six pointer-sized
            // integer parameters, one returned, host default C calling convention from
            // `make_signature`). The memory stays mapped while `owner` lives, and
            // `NativeKernel` keeps `owner` alive alongside the pointer.
            let func = unsafe { std::mem::transmute::<*const u8, KernelFn>(ptr) };
            let analysis = Arc::new(verify::analyze(&k));
            out.push(NativeKernel {
                func,
                _owner: Arc::clone(&owner),
                kernel: k,
                analysis,
            });
        }
        drop(guard);
        Ok(out)
    }
}

fn codegen_err(kernel: &Kernel, e: impl std::fmt::Display) -> JitError {
    JitError::Codegen {
        kernel: kernel.name.clone(),
        message: e.to_string(),
    }
}

fn collect_intrinsics(e: &Expr, out: &mut Vec<Intrinsic>) {
    match e {
        Expr::Const(_)
        | Expr::Scalar(_)
        | Expr::Idx
        | Expr::Load(..)
        | Expr::IdxLoad(_)
        | Expr::Local(_) => {}
        Expr::Unary(_, x) | Expr::Lookup(_, x) => collect_intrinsics(x, out),
        Expr::Binary(_, a, b) => {
            collect_intrinsics(a, out);
            collect_intrinsics(b, out);
        }
        Expr::Call(i, args) => {
            if !out.contains(i) {
                out.push(*i);
            }
            args.iter().for_each(|a| collect_intrinsics(a, out));
        }
        Expr::Select(c, a, b) => {
            collect_intrinsics(c, out);
            collect_intrinsics(a, out);
            collect_intrinsics(b, out);
        }
    }
}

fn stmt_expr(s: &Stmt) -> &Expr {
    match s {
        Stmt::Let(_, e) | Stmt::Store(_, _, e) | Stmt::EmitIf(e) => e,
    }
}

/// Builds the IR of one (verified) kernel into `ctx.func` and returns its id.
fn build_function(
    module: &mut JITModule,
    ctx: &mut Context,
    fctx: &mut FunctionBuilderContext,
    kernel: &Kernel,
    imports: &mut HashMap<Intrinsic, FuncId>,
    vectorize: bool,
) -> Result<FuncId, JitError> {
    let ptr = module.target_config().pointer_type();
    let mut sig = module.make_signature();
    for _ in 0..6 {
        sig.params.push(AbiParam::new(ptr));
    }
    sig.returns.push(AbiParam::new(ptr));
    let fid = module
        .declare_anonymous_function(&sig)
        .map_err(|e| codegen_err(kernel, e))?;

    // Declare the imported intrinsic functions this kernel calls.
    let mut used = Vec::new();
    for s in &kernel.body {
        collect_intrinsics(stmt_expr(s), &mut used);
    }
    let mut import_ids = Vec::new();
    for i in used {
        let (name, arity) = match intrinsics::lowering(i) {
            Lowering::Exact(_) => continue,
            Lowering::Call1(n, _) => (n, 1),
            Lowering::Call2(n, _) => (n, 2),
            Lowering::Call3(n, _) => (n, 3),
        };
        let id = match imports.get(&i) {
            Some(id) => *id,
            None => {
                let mut isig = module.make_signature();
                for _ in 0..arity {
                    isig.params.push(AbiParam::new(types::F64));
                }
                isig.returns.push(AbiParam::new(types::F64));
                let id = module
                    .declare_function(name, Linkage::Import, &isig)
                    .map_err(|e| codegen_err(kernel, e))?;
                imports.insert(i, id);
                id
            }
        };
        import_ids.push((i, id));
    }

    ctx.func.signature = sig;
    ctx.func.name = UserFuncName::user(0, fid.as_u32());
    let mut b = FunctionBuilder::new(&mut ctx.func, fctx);
    let mut funcs = HashMap::new();
    for (i, id) in import_ids {
        funcs.insert(i, module.declare_func_in_func(id, b.func));
    }

    let analysis = verify::analyze(kernel);
    let two_lanes = vectorize
        && kernel.shape == Shape::EachIndex
        && analysis.parallel_safe
        && !analysis.has_emit
        && !analysis.idx_used.contains(&true);

    let entry = b.create_block();
    let header = b.create_block();
    let body = b.create_block();
    let exit = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.append_block_param(header, ptr); // k
    b.append_block_param(header, ptr); // count

    // Entry: hoist array base pointers and scalars.
    b.switch_to_block(entry);
    let p = b.block_params(entry).to_vec();
    let (arrays, scalars, indices, start, end, events_out) = (p[0], p[1], p[2], p[3], p[4], p[5]);
    let table_flags = MemFlagsData::trusted().with_readonly();
    let mut bases = vec![None; kernel.n_slots as usize];
    let n_used = analysis
        .slots
        .iter()
        .filter(|u| u.loop_access || u.zero_access || u.via_access)
        .count();
    let hoist = n_used <= MAX_HOISTED_BASES;
    for (s, u) in analysis.slots.iter().enumerate() {
        if hoist && (u.loop_access || u.zero_access || u.via_access) {
            let off = i32::try_from(s * 8).map_err(|e| codegen_err(kernel, e))?;
            bases[s] = Some(b.ins().load(ptr, table_flags, arrays, off));
        }
    }
    let lazy_bases = (!hoist).then_some(arrays);
    // Index arrays follow the arrays in the pointer table; their bases are hoisted.
    let mut idx_bases = vec![None; kernel.n_idx_slots as usize];
    for (v, used) in analysis.idx_used.iter().enumerate() {
        if *used {
            let off = i32::try_from((kernel.n_slots as usize + v) * 8)
                .map_err(|e| codegen_err(kernel, e))?;
            idx_bases[v] = Some(b.ins().load(ptr, table_flags, arrays, off));
        }
    }
    // Tables follow the index arrays; their bases are hoisted.
    let mut table_bases = Vec::with_capacity(kernel.tables.len());
    for (t, &len) in kernel.tables.iter().enumerate() {
        let off = i32::try_from((kernel.n_slots as usize + kernel.n_idx_slots as usize + t) * 8)
            .map_err(|e| codegen_err(kernel, e))?;
        table_bases.push((b.ins().load(ptr, table_flags, arrays, off), len));
    }
    // 16 bytes per local: room for an `f64x2` in the two-lane loop.
    let local_slot = if kernel.n_locals > MAX_SSA_LOCALS {
        let size = kernel
            .n_locals
            .checked_mul(16)
            .ok_or_else(|| codegen_err(kernel, "too many locals"))?;
        let slot =
            b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, size, 4));
        // One address for the whole slot, accesses at immediate offsets: an address
        // value per local would itself be a value live across the loop body.
        Some(b.ins().stack_addr(ptr, slot, 0))
    } else {
        None
    };
    let mut scalar_used = vec![false; kernel.n_scalars as usize];
    for s in &kernel.body {
        mark_scalars(stmt_expr(s), &mut scalar_used);
    }
    let mut scalar_vals = vec![None; kernel.n_scalars as usize];
    for (s, used) in scalar_used.iter().enumerate() {
        if *used {
            let off = i32::try_from(s * 8).map_err(|e| codegen_err(kernel, e))?;
            scalar_vals[s] = Some(b.ins().load(types::F64, table_flags, scalars, off));
        }
    }
    let zero_count = b.ins().iconst(ptr, 0);

    if two_lanes {
        // Two-lane loop, rotated: `vbody(k)` runs iterations k and k + 1, and repeats while
        // two indices remain, then the scalar loop takes over. With `last = end - 1` (0 when
        // end == 0), "k and k + 1 are both below end" is `k < last`, which cannot overflow
        // and is false whenever start >= end.
        let vbody = b.create_block();
        b.append_block_param(vbody, ptr); // k
        let scalar_x2: Vec<Option<Value>> = scalar_vals
            .iter()
            .map(|v| v.map(|v| b.ins().splat(types::F64X2, v)))
            .collect();
        let end_minus_one = b.ins().iadd_imm_s(end, -1);
        let nonzero = b.ins().icmp_imm_u(IntCC::NotEqual, end, 0);
        let last = b.ins().select(nonzero, end_minus_one, zero_count);
        let go = b.ins().icmp(IntCC::UnsignedLessThan, start, last);
        b.ins().brif(
            go,
            vbody,
            &[start.into()],
            header,
            &[start.into(), zero_count.into()],
        );

        b.switch_to_block(vbody);
        let k = b.block_params(vbody)[0];
        let mut tx = Tx {
            b: &mut b,
            lanes: Lanes::X2,
            bases: bases.clone(),
            idx_bases: idx_bases.clone(),
            table_bases: table_bases.clone(),
            lazy_bases,
            local_slot,
            scalars: scalar_x2,
            locals: vec![None; kernel.n_locals as usize],
            funcs: funcs.clone(),
            idx: k,
            idx_off: None,
            idx_f64: None,
        };
        emit_body(&mut tx, kernel, zero_count, events_out)?;
        let k2 = b.ins().iadd_imm_s(k, 2);
        let again = b.ins().icmp(IntCC::UnsignedLessThan, k2, last);
        b.ins().brif(
            again,
            vbody,
            &[k2.into()],
            header,
            &[k2.into(), zero_count.into()],
        );
    } else {
        b.ins().jump(header, &[start.into(), zero_count.into()]);
    }

    // Header: k < end ?
    b.switch_to_block(header);
    let k = b.block_params(header)[0];
    let count = b.block_params(header)[1];
    let more = b.ins().icmp(IntCC::UnsignedLessThan, k, end);
    b.ins().brif(more, body, &[], exit, &[]);

    // Body: one basic block (everything is branch-free).
    b.switch_to_block(body);
    let idx = match kernel.shape {
        Shape::EachIndex => k,
        Shape::EachEvent => {
            let off = b.ins().ishl_imm_u(k, 2);
            let addr = b.ins().iadd(indices, off);
            let i32v = b.ins().load(types::I32, MemFlagsData::trusted(), addr, 0);
            if ptr == types::I32 {
                i32v
            } else {
                b.ins().uextend(ptr, i32v)
            }
        }
    };
    let mut tx = Tx {
        b: &mut b,
        lanes: Lanes::Scalar,
        bases,
        idx_bases,
        table_bases,
        lazy_bases,
        local_slot,
        scalars: scalar_vals,
        locals: vec![None; kernel.n_locals as usize],
        funcs,
        idx,
        idx_off: None,
        idx_f64: None,
    };
    let new_count = emit_body(&mut tx, kernel, count, events_out)?;
    let k1 = b.ins().iadd_imm_s(k, 1);
    b.ins().jump(header, &[k1.into(), new_count.into()]);

    b.switch_to_block(exit);
    b.ins().return_(&[count]);
    b.seal_all_blocks();
    b.finalize(module.target_config());
    Ok(fid)
}

/// Translates the statements of one iteration (or two, with [`Lanes::X2`]); returns the
/// event count after it.
fn emit_body(
    tx: &mut Tx<'_, '_>,
    kernel: &Kernel,
    count: Value,
    events_out: Value,
) -> Result<Value, JitError> {
    let mut new_count = count;
    for s in &kernel.body {
        match s {
            Stmt::Let(l, e) => {
                let v = tx.expr(e)?;
                match tx.local_slot {
                    Some(base) => {
                        let off = local_offset(*l)?;
                        tx.b.ins().store(MemFlagsData::trusted(), v, base, off);
                    }
                    None => tx.locals[*l as usize] = Some(v),
                }
            }
            Stmt::Store(slot, index, e) => {
                let v = tx.expr(e)?;
                let addr = tx.address(*slot, *index)?;
                if tx.lanes == Lanes::X2 && *index == Index::Zero {
                    return Err(missing("parallel safety of a two-lane kernel"));
                }
                let flags = tx.data_flags();
                tx.b.ins().store(flags, v, addr, 0);
            }
            Stmt::EmitIf(e) => {
                if tx.lanes == Lanes::X2 {
                    return Err(missing("scalar loop for an emitting kernel"));
                }
                let v = tx.expr(e)?;
                let c = tx.truthy(v);
                // Branch-free: always write idx at events_out[count], advance if c.
                let ptr = tx.b.func.dfg.value_type(count);
                let off = tx.b.ins().ishl_imm_u(count, 2);
                let addr = tx.b.ins().iadd(events_out, off);
                let idx32 = if ptr == types::I32 {
                    tx.idx
                } else {
                    tx.b.ins().ireduce(types::I32, tx.idx)
                };
                tx.b.ins().store(MemFlagsData::trusted(), idx32, addr, 0);
                let inc = tx.b.ins().uextend(ptr, c);
                new_count = tx.b.ins().iadd(count, inc);
            }
        }
    }
    Ok(new_count)
}

fn mark_scalars(e: &Expr, used: &mut [bool]) {
    match e {
        Expr::Scalar(s) => {
            if let Some(u) = used.get_mut(*s as usize) {
                *u = true;
            }
        }
        Expr::Const(_) | Expr::Idx | Expr::Load(..) | Expr::IdxLoad(_) | Expr::Local(_) => {}
        Expr::Unary(_, x) | Expr::Lookup(_, x) => mark_scalars(x, used),
        Expr::Binary(_, a, b) => {
            mark_scalars(a, used);
            mark_scalars(b, used);
        }
        Expr::Call(_, args) => args.iter().for_each(|a| mark_scalars(a, used)),
        Expr::Select(c, a, b) => {
            mark_scalars(c, used);
            mark_scalars(a, used);
            mark_scalars(b, used);
        }
    }
}

/// How many loop iterations one translated body performs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lanes {
    /// One iteration on `f64` values.
    Scalar,
    /// Iterations `idx` and `idx + 1` on `f64x2` values (lane `j` is iteration `idx + j`).
    X2,
}

/// Expression translator for the loop body.
struct Tx<'a, 'f> {
    b: &'a mut FunctionBuilder<'f>,
    lanes: Lanes,
    bases: Vec<Option<Value>>,
    /// Base pointers of the index arrays the kernel uses.
    idx_bases: Vec<Option<Value>>,
    /// Base pointer and declared length of each table.
    table_bases: Vec<(Value, u32)>,
    /// The table of array pointers, when base pointers are loaded at each use (wide
    /// kernels, see [`MAX_HOISTED_BASES`]).
    lazy_bases: Option<Value>,
    /// The address of the stack slot where locals live when there are many (see
    /// [`MAX_SSA_LOCALS`]); `None`: in `locals`.
    local_slot: Option<Value>,
    /// Scalar arguments, already broadcast with [`Lanes::X2`].
    scalars: Vec<Option<Value>>,
    locals: Vec<Option<Value>>,
    funcs: HashMap<Intrinsic, FuncRef>,
    /// The (first) loop index of the iteration.
    idx: Value,
    idx_off: Option<Value>,
    idx_f64: Option<Value>,
}

/// Byte offset of local `l` in the locals' stack slot.
fn local_offset(l: u32) -> Result<i32, JitError> {
    i32::try_from(u64::from(l) * 16).map_err(|_| missing("local offset"))
}

fn missing(what: &str) -> JitError {
    JitError::Codegen {
        kernel: String::new(),
        message: format!("bug: {what} missing (kernel not verified?)"),
    }
}

impl Tx<'_, '_> {
    fn address(&mut self, slot: u32, index: Index) -> Result<Value, JitError> {
        let base = match (
            self.bases.get(slot as usize).copied().flatten(),
            self.lazy_bases,
        ) {
            (Some(base), _) => base,
            (None, Some(arrays)) => {
                // Not `readonly`: a pure load would be hoisted out of the loop again.
                let off = i32::try_from(u64::from(slot) * 8).map_err(|_| missing("slot offset"))?;
                let ptr = self.b.func.dfg.value_type(arrays);
                self.b.ins().load(ptr, MemFlagsData::trusted(), arrays, off)
            }
            (None, None) => return Err(missing("array base")),
        };
        Ok(match index {
            Index::Zero => base,
            Index::Via(v) => {
                let i = self.index_value(v)?;
                let off = self.b.ins().ishl_imm_u(i, 3);
                self.b.ins().iadd(base, off)
            }
            Index::Loop => {
                let off = match self.idx_off {
                    Some(o) => o,
                    None => {
                        let o = self.b.ins().ishl_imm_u(self.idx, 3);
                        self.idx_off = Some(o);
                        o
                    }
                };
                self.b.ins().iadd(base, off)
            }
        })
    }

    /// Flags of array element accesses: in bounds (checked by the executor), and
    /// aligned for `f64`, which a pair of elements need not be for `f64x2`.
    fn data_flags(&self) -> MemFlagsData {
        match self.lanes {
            Lanes::Scalar => MemFlagsData::trusted(),
            Lanes::X2 => MemFlagsData::new().with_notrap(),
        }
    }

    /// The value type of one translated value.
    fn ty(&self) -> types::Type {
        match self.lanes {
            Lanes::Scalar => types::F64,
            Lanes::X2 => types::F64X2,
        }
    }

    /// A constant (broadcast with [`Lanes::X2`]).
    fn constant(&mut self, c: f64) -> Value {
        let v = self.b.ins().f64const(c);
        match self.lanes {
            Lanes::Scalar => v,
            Lanes::X2 => self.b.ins().splat(types::F64X2, v),
        }
    }

    /// The comparison `cc` as a condition: an `i8` for [`Lanes::Scalar`], an all-ones /
    /// all-zeros lane mask of type `f64x2` for [`Lanes::X2`].
    fn compare(&mut self, cc: FloatCC, x: Value, y: Value) -> Value {
        let c = self.b.ins().fcmp(cc, x, y);
        match self.lanes {
            Lanes::Scalar => c,
            Lanes::X2 => self.b.ins().bitcast(
                types::F64X2,
                MemFlagsData::new().with_endianness(Endianness::Little),
                c,
            ),
        }
    }

    /// `x != 0.0` as a condition (true for NaN).
    fn truthy(&mut self, x: Value) -> Value {
        let z = self.constant(0.0);
        self.compare(FloatCC::NotEqual, x, z)
    }

    /// A condition as `1.0` / `0.0`.
    fn bool_to_f64(&mut self, c: Value) -> Value {
        let one = self.constant(1.0);
        match self.lanes {
            Lanes::Scalar => {
                let zero = self.constant(0.0);
                self.b.ins().select(c, one, zero)
            }
            // All-ones lanes keep the bits of 1.0, all-zeros lanes give +0.0.
            Lanes::X2 => self.b.ins().band(c, one),
        }
    }

    /// `f` applied lane by lane to scalar arguments (all lanes of `args` at once for
    /// [`Lanes::Scalar`]).
    fn per_lane(
        &mut self,
        args: &[Value],
        mut f: impl FnMut(&mut Self, &[Value]) -> Result<Value, JitError>,
    ) -> Result<Value, JitError> {
        match self.lanes {
            Lanes::Scalar => f(self, args),
            Lanes::X2 => {
                let mut results = [None; 2];
                for (lane, r) in results.iter_mut().enumerate() {
                    let lane_args: Vec<Value> = args
                        .iter()
                        .map(|&a| self.b.ins().extractlane(a, lane as u8))
                        .collect();
                    *r = Some(f(self, &lane_args)?);
                }
                let [Some(r0), Some(r1)] = results else {
                    return Err(missing("lane result"));
                };
                let v = self.b.ins().splat(types::F64X2, r0);
                Ok(self.b.ins().insertlane(v, r1, 1))
            }
        }
    }

    /// Translates an expression. The recursion is as deep as the expression (up to
    /// `verify::MAX_DEPTH`), so this frame stays small: every case with temporaries of
    /// its own lives in a separate function.
    fn expr(&mut self, e: &Expr) -> Result<Value, JitError> {
        match e {
            Expr::Const(c) => Ok(self.constant(*c)),
            Expr::Scalar(s) => self
                .scalars
                .get(*s as usize)
                .copied()
                .flatten()
                .ok_or_else(|| missing("scalar")),
            Expr::Idx => Ok(self.index_f64()),
            Expr::IdxLoad(v) => {
                if self.lanes == Lanes::X2 {
                    return Err(missing("scalar loop for a kernel with index arrays"));
                }
                let i = self.index_value(*v)?;
                Ok(self.b.ins().fcvt_from_uint(types::F64, i))
            }
            Expr::Load(slot, index) => self.load(*slot, *index),
            Expr::Local(l) => match self.local_slot {
                Some(base) => {
                    let ty = self.ty();
                    let off = local_offset(*l)?;
                    Ok(self.b.ins().load(ty, MemFlagsData::trusted(), base, off))
                }
                None => self
                    .locals
                    .get(*l as usize)
                    .copied()
                    .flatten()
                    .ok_or_else(|| missing("local")),
            },
            Expr::Unary(op, x) => {
                let x = self.expr(x)?;
                Ok(self.unary(*op, x))
            }
            Expr::Binary(op, a, b) => {
                let a = self.expr(a)?;
                let b = self.expr(b)?;
                Ok(self.binary(*op, a, b))
            }
            Expr::Call(i, args) => self.call(*i, args),
            Expr::Select(c, a, b) => {
                let c = self.expr(c)?;
                let a = self.expr(a)?;
                let b = self.expr(b)?;
                Ok(self.select(c, a, b))
            }
            Expr::Lookup(t, x) => {
                let x = self.expr(x)?;
                self.lookup(*t, x)
            }
        }
    }

    /// Element `clamp(fcvt_to_sint_sat(x), 0, len - 1)` of table `t`, lane by lane
    /// (the same element `interp::table_element` picks).
    fn lookup(&mut self, t: u32, x: Value) -> Result<Value, JitError> {
        let (base, len) = self
            .table_bases
            .get(t as usize)
            .copied()
            .ok_or_else(|| missing("table base"))?;
        self.per_lane(&[x], |tx, a| {
            let k = tx.b.ins().fcvt_to_sint_sat(types::I64, a[0]);
            let zero = tx.b.ins().iconst(types::I64, 0);
            let last = tx.b.ins().iconst(types::I64, i64::from(len.max(1)) - 1);
            let below = tx.b.ins().icmp(IntCC::SignedLessThan, k, zero);
            let k = tx.b.ins().select(below, zero, k);
            let above = tx.b.ins().icmp(IntCC::SignedGreaterThan, k, last);
            let k = tx.b.ins().select(above, last, k);
            let ptr = tx.b.func.dfg.value_type(base);
            let k = if ptr == types::I64 {
                k
            } else {
                tx.b.ins().ireduce(ptr, k)
            };
            let off = tx.b.ins().ishl_imm_u(k, 3);
            let addr = tx.b.ins().iadd(base, off);
            Ok(tx
                .b
                .ins()
                .load(types::F64, MemFlagsData::trusted().with_readonly(), addr, 0))
        })
    }

    /// Element `idx` of index array `v`, zero-extended to a pointer-sized integer
    /// (scalar loop only: kernels with index arrays have no two-lane loop).
    fn index_value(&mut self, v: u32) -> Result<Value, JitError> {
        if self.lanes == Lanes::X2 {
            return Err(missing("scalar loop for a kernel with index arrays"));
        }
        let base = self
            .idx_bases
            .get(v as usize)
            .copied()
            .flatten()
            .ok_or_else(|| missing("index array base"))?;
        let ptr = self.b.func.dfg.value_type(base);
        let off = self.b.ins().ishl_imm_u(self.idx, 2);
        let addr = self.b.ins().iadd(base, off);
        let i32v = self
            .b
            .ins()
            .load(types::I32, MemFlagsData::trusted().with_readonly(), addr, 0);
        Ok(if ptr == types::I32 {
            i32v
        } else {
            self.b.ins().uextend(ptr, i32v)
        })
    }

    /// The loop index as `f64` (lane `j`: `idx + j`), computed once per body.
    fn index_f64(&mut self) -> Value {
        if let Some(v) = self.idx_f64 {
            return v;
        }
        let v = self.b.ins().fcvt_from_uint(types::F64, self.idx);
        let v = match self.lanes {
            Lanes::Scalar => v,
            Lanes::X2 => {
                let next = self.b.ins().iadd_imm_s(self.idx, 1);
                let w = self.b.ins().fcvt_from_uint(types::F64, next);
                let v = self.b.ins().splat(types::F64X2, v);
                self.b.ins().insertlane(v, w, 1)
            }
        };
        self.idx_f64 = Some(v);
        v
    }

    fn load(&mut self, slot: u32, index: Index) -> Result<Value, JitError> {
        let addr = self.address(slot, index)?;
        Ok(match (self.lanes, index) {
            (Lanes::X2, Index::Zero) => {
                let x = self
                    .b
                    .ins()
                    .load(types::F64, MemFlagsData::trusted(), addr, 0);
                self.b.ins().splat(types::F64X2, x)
            }
            _ => {
                let (ty, flags) = (self.ty(), self.data_flags());
                self.b.ins().load(ty, flags, addr, 0)
            }
        })
    }

    fn unary(&mut self, op: UnOp, x: Value) -> Value {
        match op {
            UnOp::Neg => self.b.ins().fneg(x),
            UnOp::Not => {
                let z = self.constant(0.0);
                let c = self.compare(FloatCC::Equal, x, z);
                self.bool_to_f64(c)
            }
        }
    }

    fn binary(&mut self, op: BinOp, a: Value, b: Value) -> Value {
        let cmp = |cc: FloatCC, tx: &mut Self| {
            let c = tx.compare(cc, a, b);
            tx.bool_to_f64(c)
        };
        match op {
            BinOp::Add => self.b.ins().fadd(a, b),
            BinOp::Sub => self.b.ins().fsub(a, b),
            BinOp::Mul => self.b.ins().fmul(a, b),
            BinOp::Div => self.b.ins().fdiv(a, b),
            BinOp::Lt => cmp(FloatCC::LessThan, self),
            BinOp::Le => cmp(FloatCC::LessThanOrEqual, self),
            BinOp::Gt => cmp(FloatCC::GreaterThan, self),
            BinOp::Ge => cmp(FloatCC::GreaterThanOrEqual, self),
            BinOp::Eq => cmp(FloatCC::Equal, self),
            BinOp::Ne => cmp(FloatCC::NotEqual, self),
            BinOp::And | BinOp::Or => {
                let ca = self.truthy(a);
                let cb = self.truthy(b);
                let c = if op == BinOp::And {
                    self.b.ins().band(ca, cb)
                } else {
                    self.b.ins().bor(ca, cb)
                };
                self.bool_to_f64(c)
            }
        }
    }

    fn call(&mut self, i: Intrinsic, args: &[Expr]) -> Result<Value, JitError> {
        let mut vals = Vec::with_capacity(args.len());
        for a in args {
            vals.push(self.expr(a)?);
        }
        match intrinsics::lowering(i) {
            Lowering::Exact(op) => {
                let x = *vals.first().ok_or_else(|| missing("argument"))?;
                match op {
                    // Lane-wise exact on vectors too.
                    ExactOp::Sqrt => Ok(self.b.ins().sqrt(x)),
                    ExactOp::Abs => Ok(self.b.ins().fabs(x)),
                    // Rounding may need a libcall on older hosts: one lane at a time.
                    ExactOp::Floor | ExactOp::Ceil | ExactOp::Trunc => {
                        self.per_lane(&[x], |tx, a| {
                            Ok(match op {
                                ExactOp::Floor => tx.b.ins().floor(a[0]),
                                ExactOp::Ceil => tx.b.ins().ceil(a[0]),
                                _ => tx.b.ins().trunc(a[0]),
                            })
                        })
                    }
                }
            }
            Lowering::Call1(..) | Lowering::Call2(..) | Lowering::Call3(..) => {
                let f = *self.funcs.get(&i).ok_or_else(|| missing("import"))?;
                self.per_lane(&vals, |tx, a| {
                    let call = tx.b.ins().call(f, a);
                    tx.b.inst_results(call)
                        .first()
                        .copied()
                        .ok_or_else(|| missing("call result"))
                })
            }
        }
    }

    /// `if c != 0 { a } else { b }`, lane by lane.
    fn select(&mut self, c: Value, a: Value, b: Value) -> Value {
        let t = self.truthy(c);
        match self.lanes {
            Lanes::Scalar => self.b.ins().select(t, a, b),
            Lanes::X2 => self.b.ins().bitselect(t, a, b),
        }
    }
}
