//! The safe executor: binds arrays and scalars to a compiled kernel and runs it,
//! serially or in fixed-size chunks on the current rayon pool.
//!
//! Everything here is a safe API (the simulator is `#![forbid(unsafe_code)]`): bindings
//! are checked against the kernel ([`BindError`]) before any code runs, and the only
//! `unsafe` is the native call and the raw-pointer sharing between chunks, whose
//! soundness rests on those checks and on [`crate::verify`].
//!
//! Chunking is deterministic: chunk `c` covers `[c * chunk_size, min(n, (c + 1) * chunk_size))`
//! whatever the number of threads, each chunk writes its events into its own region of
//! the output, and the regions are concatenated in chunk order, so the event list is
//! ascending and identical to a serial run's.

use std::sync::Arc;

use rayon::prelude::*;
use thiserror::Error;

use crate::cranelift::{Jit, JitError, JitOptions, NativeKernel};
use crate::interp::{Interp, Memory, Slices};
use crate::ir::{IdxSlotId, Kernel, Shape, SlotId, TableId};
use crate::verify::{self, Analysis, VerifyError};

/// Which executor runs a kernel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Backend {
    /// The reference interpreter ([`crate::interp`]).
    Interp,
    /// Native code from Cranelift ([`crate::cranelift`]).
    #[default]
    Jit,
}

/// A verified kernel, ready to run with either backend.
#[derive(Debug, Clone)]
pub enum Compiled {
    /// Run by the interpreter.
    Interp(Arc<Kernel>),
    /// Run as native code.
    Native(NativeKernel),
}

/// Verifies and compiles one kernel.
pub fn compile(kernel: Kernel, backend: Backend) -> Result<Compiled, JitError> {
    compile_with(kernel, backend, JitOptions::default())
}

/// Verifies and compiles one kernel with explicit JIT options.
pub fn compile_with(
    kernel: Kernel,
    backend: Backend,
    options: JitOptions,
) -> Result<Compiled, JitError> {
    let mut v = compile_all_with(vec![kernel], backend, options)?;
    v.pop()
        .ok_or_else(|| JitError::Link("bug: empty batch result".into()))
}

/// Verifies and compiles a batch of kernels (one code module for the whole batch).
pub fn compile_all(kernels: Vec<Kernel>, backend: Backend) -> Result<Vec<Compiled>, JitError> {
    compile_all_with(kernels, backend, JitOptions::default())
}

/// [`compile_all`] with explicit JIT options.
pub fn compile_all_with(
    kernels: Vec<Kernel>,
    backend: Backend,
    options: JitOptions,
) -> Result<Vec<Compiled>, JitError> {
    for k in &kernels {
        verify::verify(k).map_err(|source| JitError::Verify {
            kernel: k.name.clone(),
            source,
        })?;
    }
    match backend {
        Backend::Interp => Ok(kernels
            .into_iter()
            .map(|k| Compiled::Interp(Arc::new(k)))
            .collect()),
        Backend::Jit => {
            if kernels.is_empty() {
                return Ok(Vec::new());
            }
            let mut jit = Jit::new(options)?;
            let native = jit.compile_shared(kernels.into_iter().map(Arc::new).collect())?;
            Ok(native.into_iter().map(Compiled::Native).collect())
        }
    }
}

/// The arguments of one kernel run.
#[derive(Debug)]
pub struct Bindings<'a> {
    /// One array per slot, in slot order.
    pub arrays: Vec<&'a mut [f64]>,
    /// One value per scalar, in scalar order.
    pub scalars: &'a [f64],
    /// One index array per index slot, in index-slot order.
    pub indices: Vec<&'a [u32]>,
    /// One read-only table per table id, in table order (`Kernel::tables`).
    pub tables: Vec<&'a [f64]>,
}

impl<'a> Bindings<'a> {
    /// Bundles arrays and scalars (no index arrays).
    pub fn new(arrays: Vec<&'a mut [f64]>, scalars: &'a [f64]) -> Self {
        Bindings {
            arrays,
            scalars,
            indices: Vec::new(),
            tables: Vec::new(),
        }
    }

    /// Bundles arrays, scalars and index arrays.
    pub fn with_indices(
        arrays: Vec<&'a mut [f64]>,
        scalars: &'a [f64],
        indices: Vec<&'a [u32]>,
    ) -> Self {
        Bindings {
            arrays,
            scalars,
            indices,
            tables: Vec::new(),
        }
    }

    /// The same bindings with read-only tables (for kernels with `Expr::Lookup`).
    pub fn with_tables(mut self, tables: Vec<&'a [f64]>) -> Self {
        self.tables = tables;
        self
    }

    /// The pointer table of a native call: the arrays, then the index arrays (which
    /// the compiled code reads as `u32`), then the tables (read only), with their
    /// lengths.
    fn table(&mut self) -> PointerTable {
        let mut ptrs: Vec<*mut f64> = self.arrays.iter_mut().map(|a| a.as_mut_ptr()).collect();
        let mut lens: Vec<usize> = self.arrays.iter().map(|a| a.len()).collect();
        for ix in &self.indices {
            ptrs.push(ix.as_ptr().cast::<f64>().cast_mut());
            lens.push(ix.len());
        }
        for t in &self.tables {
            ptrs.push(t.as_ptr().cast_mut());
            lens.push(t.len());
        }
        PointerTable {
            ptrs,
            lens,
            n_slots: self.arrays.len(),
            n_idx: self.indices.len(),
        }
    }
}

/// The pointer table of a run, owned (see [`Bindings::table`]); [`PointerTable::shared`]
/// views it for the chunks of the run.
struct PointerTable {
    ptrs: Vec<*mut f64>,
    lens: Vec<usize>,
    n_slots: usize,
    n_idx: usize,
}

impl PointerTable {
    fn shared(&self) -> SharedArrays<'_> {
        SharedArrays {
            ptrs: &self.ptrs,
            lens: &self.lens,
            n_slots: self.n_slots,
            n_idx: self.n_idx,
        }
    }
}

/// How an `EachIndex` run is split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Policy {
    /// One pass over `0..n` on the calling thread.
    #[default]
    Serial,
    /// Fixed-size chunks run on the current rayon pool. Falls back to [`Policy::Serial`]
    /// when `n <= chunk_size` or the kernel is not parallel-safe
    /// ([`verify::is_parallel_safe`]).
    Chunked {
        /// Number of indices per chunk (must be positive).
        chunk_size: usize,
    },
}

/// Why a kernel could not be run with the given bindings. Nothing has run when this
/// is returned.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BindError {
    /// `run_range` on an `EachEvent` kernel or `run_events` on an `EachIndex` kernel.
    #[error("kernel `{kernel}` has shape {shape:?}, which cannot be run by {method}")]
    WrongShape {
        /// Kernel name.
        kernel: String,
        /// The kernel's shape.
        shape: Shape,
        /// The method called.
        method: &'static str,
    },
    /// Wrong number of arrays.
    #[error("kernel `{kernel}` takes {expected} array(s), got {got}")]
    ArrayCount {
        /// Kernel name.
        kernel: String,
        /// `Kernel::n_slots`.
        expected: usize,
        /// Arrays given.
        got: usize,
    },
    /// Wrong number of scalars.
    #[error("kernel `{kernel}` takes {expected} scalar(s), got {got}")]
    ScalarCount {
        /// Kernel name.
        kernel: String,
        /// `Kernel::n_scalars`.
        expected: usize,
        /// Scalars given.
        got: usize,
    },
    /// An array is shorter than the run needs.
    #[error("kernel `{kernel}`: array slot {slot} has {len} element(s), needs at least {needed}")]
    ArrayTooShort {
        /// Kernel name.
        kernel: String,
        /// The slot.
        slot: SlotId,
        /// Its length.
        len: usize,
        /// Required length.
        needed: usize,
    },
    /// Wrong number of index arrays.
    #[error("kernel `{kernel}` takes {expected} index array(s), got {got}")]
    IndexArrayCount {
        /// Kernel name.
        kernel: String,
        /// `Kernel::n_idx_slots`.
        expected: usize,
        /// Index arrays given.
        got: usize,
    },
    /// An index array is shorter than the run needs.
    #[error(
        "kernel `{kernel}`: index array {idx_slot} has {len} element(s), needs at least {needed}"
    )]
    IndexArrayTooShort {
        /// Kernel name.
        kernel: String,
        /// The index slot.
        idx_slot: IdxSlotId,
        /// Its length.
        len: usize,
        /// Required length.
        needed: usize,
    },
    /// An index array holds an index past the end of an array accessed through it.
    #[error(
        "kernel `{kernel}`: index array {idx_slot} holds index {value}, but array slot {slot} has {len} element(s)"
    )]
    IndexOutOfRange {
        /// Kernel name.
        kernel: String,
        /// The index slot.
        idx_slot: IdxSlotId,
        /// The largest index used by the run.
        value: usize,
        /// The array accessed through it.
        slot: SlotId,
        /// The array's length.
        len: usize,
    },
    /// Wrong number of tables.
    #[error("kernel `{kernel}` takes {expected} table(s), got {got}")]
    TableCount {
        /// Kernel name.
        kernel: String,
        /// `Kernel::tables.len()`.
        expected: usize,
        /// Tables given.
        got: usize,
    },
    /// A table's length differs from the one the kernel was built for (lookups clamp
    /// to the declared length, so it must be the bound table's).
    #[error("kernel `{kernel}`: table {table} has {len} element(s), the kernel expects {expected}")]
    TableLength {
        /// Kernel name.
        kernel: String,
        /// The table.
        table: TableId,
        /// Its length.
        len: usize,
        /// `Kernel::tables[table]`.
        expected: usize,
    },
    /// `Policy::Chunked { chunk_size: 0 }`.
    #[error("chunk size must be positive")]
    ZeroChunkSize,
    /// An emitting kernel run over more indices than fit in `u32` events.
    #[error("kernel `{kernel}`: {n} indices do not fit in u32 events")]
    TooManyIndices {
        /// Kernel name.
        kernel: String,
        /// Requested range length.
        n: usize,
    },
    /// A hand-built `Compiled::Interp` holds a kernel that fails verification.
    #[error("kernel `{kernel}` is invalid: {source}")]
    Invalid {
        /// Kernel name.
        kernel: String,
        /// What is wrong with it.
        #[source]
        source: VerifyError,
    },
}

/// Raw views of the bound arrays, shared by all chunks of one run.
#[derive(Clone, Copy)]
struct SharedArrays<'t> {
    /// The arrays, then the index arrays (pointers to `u32`), then the tables.
    ptrs: &'t [*mut f64],
    lens: &'t [usize],
    /// Number of arrays (the index arrays start here).
    n_slots: usize,
    /// Number of index arrays (the tables start at `n_slots + n_idx`).
    n_idx: usize,
}

// SAFETY: the pointers come from the `&mut [f64]` slices of a `Bindings` that is mutably
// borrowed for the whole run, so nothing else touches the arrays meanwhile. Blocks of a
// partitioned event run (`run_events_by_target`) run concurrently only for kernels that
// `verify::partitionable_by` accepts, over distinct events grouped by the block of their
// element of the partitioning index array: stores go to the event's own element (events
// are distinct) or to its element of that index array (in the block's own range), and
// arrays written are read only the same way, so blocks touch disjoint written elements. Chunks run
// concurrently only for parallel-safe kernels (`Analysis::parallel_safe`): no store at
// `Index::Zero` and no slot both stored at `Index::Loop` and loaded at `Index::Zero`, so
// every write is to element `idx` of the chunk's own disjoint index range, and every
// element written by one chunk is neither read nor written by another (slots accessed
// through index arrays are only read, and never stored at all). Index arrays and
// tables are never written.
unsafe impl Send for SharedArrays<'_> {}
// SAFETY: see the `Send` impl; shared access only reads the pointer table itself.
unsafe impl Sync for SharedArrays<'_> {}

/// Interpreter memory over the shared raw views (bounds-checked: panics, never UB).
struct RawMem<'t>(SharedArrays<'t>);

impl Memory for RawMem<'_> {
    fn load(&self, slot: SlotId, elem: usize) -> f64 {
        let s = slot as usize;
        assert!(elem < self.0.lens[s], "bug: interpreter load out of bounds");
        // SAFETY: `ptrs[s]` points to a live slice of `lens[s]` elements (see
        // `SharedArrays`) and `elem` is in bounds; no other chunk writes this element.
        unsafe { *self.0.ptrs[s].add(elem) }
    }

    fn store(&mut self, slot: SlotId, elem: usize, value: f64) {
        let s = slot as usize;
        assert!(
            elem < self.0.lens[s],
            "bug: interpreter store out of bounds"
        );
        // SAFETY: as in `load`; this chunk is the only one accessing element `elem`
        // of a stored slot (it is its own loop index).
        unsafe { *self.0.ptrs[s].add(elem) = value }
    }

    fn index(&self, v: IdxSlotId, elem: usize) -> usize {
        let s = self.0.n_slots + v as usize;
        assert!(elem < self.0.lens[s], "bug: index array read out of bounds");
        // SAFETY: entries past `n_slots` point to live `u32` slices of `lens[s]`
        // elements (see `Bindings::table`), never written during the run.
        unsafe { *self.0.ptrs[s].cast::<u32>().add(elem) as usize }
    }

    fn table(&self, t: TableId, elem: usize) -> f64 {
        let s = self.0.n_slots + self.0.n_idx + t as usize;
        assert!(elem < self.0.lens[s], "bug: table read out of bounds");
        // SAFETY: entries past the index arrays point to live `f64` tables of `lens[s]`
        // elements (see `Bindings::table`), never written during the run.
        unsafe { *self.0.ptrs[s].add(elem) }
    }
}

/// The loop indices of one run, for the checks of [`Compiled::check`].
#[derive(Clone, Copy)]
enum Iter<'x> {
    /// `0..n`.
    Range(usize),
    /// The given indices.
    Events(&'x [u32]),
}

impl Iter<'_> {
    /// Elements an array indexed by the loop needs.
    fn loop_len(self) -> usize {
        match self {
            Iter::Range(n) => n,
            Iter::Events(ix) => ix.iter().max().map_or(0, |&m| m as usize + 1),
        }
    }

    /// The largest value of index array `ix` at the loop indices (`None` if there are
    /// none); `ix` is long enough ([`Iter::loop_len`]).
    fn max_of(self, ix: &[u32]) -> Option<usize> {
        match self {
            Iter::Range(n) => ix[..n].iter().max(),
            Iter::Events(events) => events.iter().map(|&e| &ix[e as usize]).max(),
        }
        .map(|&m| m as usize)
    }
}

impl Compiled {
    /// The kernel being run.
    pub fn kernel(&self) -> &Kernel {
        match self {
            Compiled::Interp(k) => k,
            Compiled::Native(n) => n.kernel(),
        }
    }

    /// The kernel, shared.
    pub fn shared_kernel(&self) -> &Arc<Kernel> {
        match self {
            Compiled::Interp(k) => k,
            Compiled::Native(n) => n.shared_kernel(),
        }
    }

    /// Which backend runs this kernel.
    pub fn backend(&self) -> Backend {
        match self {
            Compiled::Interp(_) => Backend::Interp,
            Compiled::Native(_) => Backend::Jit,
        }
    }

    fn with_analysis<R>(
        &self,
        f: impl FnOnce(&Analysis) -> Result<R, BindError>,
    ) -> Result<R, BindError> {
        match self {
            Compiled::Native(n) => f(n.analysis()),
            Compiled::Interp(k) => {
                verify::verify(k).map_err(|source| BindError::Invalid {
                    kernel: k.name.clone(),
                    source,
                })?;
                f(&verify::analyze(k))
            }
        }
    }

    fn check(
        &self,
        b: &Bindings<'_>,
        analysis: &Analysis,
        shape: Shape,
        method: &'static str,
        iter: Iter<'_>,
    ) -> Result<(), BindError> {
        let k = self.kernel();
        if k.shape != shape {
            return Err(BindError::WrongShape {
                kernel: k.name.clone(),
                shape: k.shape,
                method,
            });
        }
        if b.arrays.len() != k.n_slots as usize {
            return Err(BindError::ArrayCount {
                kernel: k.name.clone(),
                expected: k.n_slots as usize,
                got: b.arrays.len(),
            });
        }
        if b.scalars.len() != k.n_scalars as usize {
            return Err(BindError::ScalarCount {
                kernel: k.name.clone(),
                expected: k.n_scalars as usize,
                got: b.scalars.len(),
            });
        }
        if b.indices.len() != k.n_idx_slots as usize {
            return Err(BindError::IndexArrayCount {
                kernel: k.name.clone(),
                expected: k.n_idx_slots as usize,
                got: b.indices.len(),
            });
        }
        if b.tables.len() != k.tables.len() {
            return Err(BindError::TableCount {
                kernel: k.name.clone(),
                expected: k.tables.len(),
                got: b.tables.len(),
            });
        }
        for (t, (&len, table)) in k.tables.iter().zip(&b.tables).enumerate() {
            if table.len() != len as usize {
                return Err(BindError::TableLength {
                    kernel: k.name.clone(),
                    table: t as TableId,
                    len: table.len(),
                    expected: len as usize,
                });
            }
        }
        let loop_len = iter.loop_len();
        if loop_len == 0 {
            return Ok(());
        }
        for (s, (u, a)) in analysis.slots.iter().zip(&b.arrays).enumerate() {
            let loop_need = if u.loop_access { loop_len } else { 0 };
            let zero_need = usize::from(u.zero_access);
            let needed = loop_need.max(zero_need);
            if a.len() < needed {
                return Err(BindError::ArrayTooShort {
                    kernel: k.name.clone(),
                    slot: s as SlotId,
                    len: a.len(),
                    needed,
                });
            }
        }
        for (v, (&used, ix)) in analysis.idx_used.iter().zip(&b.indices).enumerate() {
            if !used {
                continue;
            }
            if ix.len() < loop_len {
                return Err(BindError::IndexArrayTooShort {
                    kernel: k.name.clone(),
                    idx_slot: v as IdxSlotId,
                    len: ix.len(),
                    needed: loop_len,
                });
            }
            let pairs = analysis.via_pairs.iter().filter(|(_, w)| *w as usize == v);
            let Some((slot, len)) = pairs
                .map(|&(slot, _)| (slot, b.arrays[slot as usize].len()))
                .min_by_key(|&(_, len)| len)
            else {
                continue;
            };
            let max = iter.max_of(ix);
            if max.is_some_and(|m| m >= len) {
                return Err(BindError::IndexOutOfRange {
                    kernel: k.name.clone(),
                    idx_slot: v as IdxSlotId,
                    value: max.unwrap_or(0),
                    slot,
                    len,
                });
            }
        }
        Ok(())
    }

    /// Runs one index range `[start, end)` of an `EachIndex` kernel, writing events into
    /// `out` (which has room for `end - start` events if the kernel emits); returns the
    /// number of events written.
    fn run_chunk(
        &self,
        arrays: SharedArrays<'_>,
        scalars: &[f64],
        start: usize,
        end: usize,
        out: &mut [u32],
    ) -> usize {
        match self {
            Compiled::Native(nk) => {
                debug_assert!(!nk.analysis().has_emit || out.len() >= end - start);
                let f = nk.func();
                // SAFETY: `nk` is a verified `EachIndex` kernel (so `indices` is never
                // read); `check` made the pointer table hold exactly `n_slots` arrays,
                // each long enough for every element the kernel touches in `start..end`,
                // then the index arrays and exactly `Kernel::tables.len()` tables of the
                // declared lengths, which every `Lookup` clamps its index to (at least 1,
                // verified), and `scalars` hold exactly `n_scalars` values; `out` has room for
                // `end - start` events when the kernel emits (one per index at most, and
                // the branch-free write stays below that). Concurrent chunks touch
                // disjoint elements (see `SharedArrays`). `nk` keeps the code alive.
                unsafe {
                    f(
                        arrays.ptrs.as_ptr(),
                        scalars.as_ptr(),
                        std::ptr::null(),
                        start,
                        end,
                        out.as_mut_ptr(),
                    )
                }
            }
            Compiled::Interp(k) => {
                let mut mem = RawMem(arrays);
                let mut it = Interp::new(k);
                let mut count = 0;
                for idx in start..end {
                    if it.step(&mut mem, scalars, idx) {
                        out[count] = idx as u32;
                        count += 1;
                    }
                }
                count
            }
        }
    }

    /// Runs an `EachIndex` kernel for `idx` in `0..n`. The emitted events (ascending,
    /// identical for every policy and thread count) are appended to `events`.
    pub fn run_range(
        &self,
        b: &mut Bindings<'_>,
        n: usize,
        policy: Policy,
        events: &mut Vec<u32>,
    ) -> Result<(), BindError> {
        self.with_analysis(|a| self.run_range_inner(a, b, n, policy, events))
    }

    fn run_range_inner(
        &self,
        analysis: &Analysis,
        b: &mut Bindings<'_>,
        n: usize,
        policy: Policy,
        events: &mut Vec<u32>,
    ) -> Result<(), BindError> {
        self.check(b, analysis, Shape::EachIndex, "run_range", Iter::Range(n))?;
        let chunk = match policy {
            Policy::Serial => None,
            Policy::Chunked { chunk_size: 0 } => return Err(BindError::ZeroChunkSize),
            Policy::Chunked { chunk_size } => {
                (analysis.parallel_safe && n > chunk_size).then_some(chunk_size)
            }
        };
        if analysis.has_emit && n > 0 && n - 1 > u32::MAX as usize {
            return Err(BindError::TooManyIndices {
                kernel: self.kernel().name.clone(),
                n,
            });
        }
        if n == 0 {
            return Ok(());
        }

        let base = events.len();
        let region: &mut [u32] = if analysis.has_emit {
            events.resize(base + n, 0);
            &mut events[base..]
        } else {
            &mut []
        };

        let emitted = match (chunk, self) {
            (None, Compiled::Interp(k)) => {
                // Serial interpretation through safe, bounds-checked slices.
                let mut it = Interp::new(k);
                let mut mem = Slices {
                    arrays: b.arrays.as_mut_slice(),
                    indices: &b.indices,
                    tables: &b.tables,
                };
                let mut count = 0;
                for idx in 0..n {
                    if it.step(&mut mem, b.scalars, idx) {
                        region[count] = idx as u32;
                        count += 1;
                    }
                }
                count
            }
            (None, Compiled::Native(_)) => {
                let table = b.table();
                let shared = table.shared();
                self.run_chunk(shared, b.scalars, 0, n, region)
            }
            (Some(cs), _) => {
                let table = b.table();
                let shared = table.shared();
                let scalars = b.scalars;
                if analysis.has_emit {
                    let counts: Vec<usize> = region
                        .par_chunks_mut(cs)
                        .enumerate()
                        .map(|(c, out)| {
                            let start = c * cs;
                            self.run_chunk(shared, scalars, start, start + out.len(), out)
                        })
                        .collect();
                    let mut w = 0;
                    for (c, &cnt) in counts.iter().enumerate() {
                        let s = c * cs;
                        region.copy_within(s..s + cnt, w);
                        w += cnt;
                    }
                    w
                } else {
                    (0..n.div_ceil(cs)).into_par_iter().for_each(|c| {
                        let start = c * cs;
                        let end = n.min(start + cs);
                        self.run_chunk(shared, scalars, start, end, &mut []);
                    });
                    0
                }
            }
        };
        if analysis.has_emit {
            events.truncate(base + emitted);
        }
        Ok(())
    }

    /// Runs an `EachEvent` kernel over `indices` (synapses) on the current rayon pool,
    /// the events partitioned by their element of index array `by` (the postsynaptic
    /// neuron) into blocks of `block` consecutive elements; within a block the events
    /// keep their order. The result is bitwise that of [`Compiled::run_events`]: every
    /// element a run writes is written by the events of one block only, in the same
    /// order.
    ///
    /// Falls back to the serial run when that cannot be guaranteed
    /// ([`verify::partitionable_by`]: a store that is not to the event's own element or
    /// to its element of `by`, or a written array read otherwise), when an event
    /// repeats, or when there are fewer than `2 * block` events.
    pub fn run_events_by_target(
        &self,
        b: &mut Bindings<'_>,
        indices: &[u32],
        by: IdxSlotId,
        block: usize,
    ) -> Result<(), BindError> {
        if block == 0 {
            return Err(BindError::ZeroChunkSize);
        }
        self.with_analysis(|a| {
            self.check(b, a, Shape::EachEvent, "run_events", Iter::Events(indices))?;
            let parallel = indices.len() >= 2 * block
                && rayon::current_num_threads() > 1
                && verify::partitionable_by(a, by)
                && (by as usize) < b.indices.len()
                && all_distinct(indices);
            if !parallel {
                return self.run_events_checked(b, indices);
            }
            // Stable counting sort of the events by block of their element of `by`.
            let ix = b.indices[by as usize];
            let key = |e: u32| ix[e as usize] as usize / block;
            let n_blocks = indices.iter().map(|&e| key(e)).max().map_or(0, |k| k + 1);
            let mut offsets = vec![0usize; n_blocks + 1];
            for &e in indices {
                offsets[key(e) + 1] += 1;
            }
            for k in 0..n_blocks {
                offsets[k + 1] += offsets[k];
            }
            let mut next = offsets.clone();
            let mut order = vec![0u32; indices.len()];
            for &e in indices {
                let slot = &mut next[key(e)];
                order[*slot] = e;
                *slot += 1;
            }
            let table = b.table();
            let shared = table.shared();
            let scalars = b.scalars;
            let order = &order;
            (0..n_blocks).into_par_iter().for_each(|k| {
                let events = &order[offsets[k]..offsets[k + 1]];
                self.run_event_block(shared, scalars, events);
            });
            Ok(())
        })
    }

    /// Runs a checked `EachEvent` kernel over `events`, one block of a partitioned run
    /// (see [`Compiled::run_events_by_target`]).
    fn run_event_block(&self, arrays: SharedArrays<'_>, scalars: &[f64], events: &[u32]) {
        if events.is_empty() {
            return;
        }
        match self {
            Compiled::Native(nk) => {
                let f = nk.func();
                // SAFETY: as in `run_events` (the kernel and the bindings were checked
                // for all the events, of which `events` is a part); blocks running
                // concurrently write disjoint elements and read no element another
                // block writes (see `SharedArrays`).
                unsafe {
                    f(
                        arrays.ptrs.as_ptr(),
                        scalars.as_ptr(),
                        events.as_ptr(),
                        0,
                        events.len(),
                        std::ptr::null_mut(),
                    );
                }
            }
            Compiled::Interp(k) => {
                let mut mem = RawMem(arrays);
                let mut it = Interp::new(k);
                for &e in events {
                    it.step(&mut mem, scalars, e as usize);
                }
            }
        }
    }

    /// Runs an `EachEvent` kernel serially over `indices`, in order (duplicates allowed).
    pub fn run_events(&self, b: &mut Bindings<'_>, indices: &[u32]) -> Result<(), BindError> {
        self.with_analysis(|a| {
            self.check(b, a, Shape::EachEvent, "run_events", Iter::Events(indices))?;
            self.run_events_checked(b, indices)
        })
    }

    /// The serial run of [`Compiled::run_events`], after `check`.
    fn run_events_checked(&self, b: &mut Bindings<'_>, indices: &[u32]) -> Result<(), BindError> {
        {
            if indices.is_empty() {
                return Ok(());
            }
            match self {
                Compiled::Interp(k) => {
                    let mut it = Interp::new(k);
                    let mut mem = Slices {
                        arrays: b.arrays.as_mut_slice(),
                        indices: &b.indices,
                        tables: &b.tables,
                    };
                    for &i in indices {
                        it.step(&mut mem, b.scalars, i as usize);
                    }
                }
                Compiled::Native(nk) => {
                    let table = b.table();
                    let f = nk.func();
                    // SAFETY: `nk` is a verified `EachEvent` kernel, so it has no `EmitIf`
                    // and never touches `events_out` (null here). `check` made the table
                    // hold exactly `n_slots` arrays, each at least `max(indices) + 1` long
                    // where indexed by the loop (1 where indexed at zero), then
                    // `n_idx_slots` index arrays as long, whose values at the loop indices
                    // are in bounds of every array accessed through them, then the tables
                    // with exactly the declared lengths (which lookups clamp to), and
                    // exactly `n_scalars` scalars; `indices` is valid for `indices.len()`
                    // reads.
                    // The run is serial and the arrays are exclusively borrowed.
                    unsafe {
                        f(
                            table.ptrs.as_ptr(),
                            b.scalars.as_ptr(),
                            indices.as_ptr(),
                            0,
                            indices.len(),
                            std::ptr::null_mut(),
                        );
                    }
                }
            }
            Ok(())
        }
    }
}

/// Whether no value repeats in `events` (a bitmap over the largest value).
fn all_distinct(events: &[u32]) -> bool {
    let max = events.iter().copied().max().map_or(0, |m| m as usize + 1);
    let mut seen = vec![0u64; max.div_ceil(64)];
    for &e in events {
        let (w, bit) = (e as usize / 64, 1u64 << (e % 64));
        if seen[w] & bit != 0 {
            return false;
        }
        seen[w] |= bit;
    }
    true
}
