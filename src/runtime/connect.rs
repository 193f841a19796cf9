//! Creating synapses: every form of Brian2's `Synapses.connect`.
//!
//! Synapses are created in Brian2's order: for each presynaptic neuron `i` (outer
//! loop), its targets in increasing `j` (or in generator order), `n` consecutive
//! copies of a pair; explicit `i`/`j` arrays keep their order; successive calls
//! append. Expressions (`condition`, `p`, `n`, the generator's bounds, target and
//! `if` clause) are checked like any model code and compiled into one kernel that is
//! evaluated for a whole row of candidate pairs at once. A constant `p` without a
//! condition skips ahead geometrically, so `p=0.02` over 10^5 x 10^5 neurons never
//! visits the pairs that are not created.

use rand_xoshiro::Xoshiro256PlusPlus;
use rand_xoshiro::rand_core::Rng;

use crate::check::dims::{Checker, Scope, VarInfo, VarTarget};
use crate::check::synapses::{LINK_BASE, LinkTarget};
use crate::check::typed::{Dtype, Expr, VarId};
use crate::check::{ErrorKind, ModelError, Namespace};
use crate::codegen::abstract_code::{AbstractCode, Stmt};
use crate::codegen::lower::{self, Access, AccessIndex, IdxSource, ScalarSource, SlotSource};
use crate::error::{Error, Result};
use crate::runtime::objects::GroupState;
use crate::runtime::synapse_run::synaptic_access;
use crate::syntax;
use crate::units::Dimension;
use spikelift_jit::{Backend, Bindings, Compiled, Policy, Shape};

/// A probability: a number, or an expression of `i`, `j` and pre-/postsynaptic
/// variables.
#[derive(Debug, Clone, PartialEq)]
pub enum Probability {
    /// The same for every pair.
    Const(f64),
    /// Evaluated per pair.
    Expr(String),
}

/// A number of synapses per pair: a number, or an expression evaluated per pair.
#[derive(Debug, Clone, PartialEq)]
pub enum Multiplicity {
    /// The same for every pair.
    Const(i64),
    /// Evaluated per pair.
    Expr(String),
}

/// The postsynaptic side of a `connect` call.
#[derive(Debug, Clone, PartialEq)]
pub enum Targets {
    /// Every target neuron (subject to `condition` and `p`).
    All,
    /// Explicit indices, paired with (or broadcast against) the `i` indices.
    Indices(Vec<i64>),
    /// An expression or generator for `j` (`'i'`, `'k for k in range(i-3, i+4) if k != i'`).
    Expr(String),
}

/// One `connect` call.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectRequest {
    /// A boolean expression of `i`, `j` and pre-/postsynaptic variables.
    pub condition: Option<String>,
    /// Explicit presynaptic indices.
    pub i: Option<Vec<i64>>,
    /// The postsynaptic side.
    pub j: Targets,
    /// The probability of each pair.
    pub p: Probability,
    /// The number of synapses of each pair.
    pub n: Multiplicity,
    /// Drop targets outside the target group instead of failing.
    pub skip_if_invalid: bool,
}

impl Default for ConnectRequest {
    fn default() -> ConnectRequest {
        ConnectRequest {
            condition: None,
            i: None,
            j: Targets::All,
            p: Probability::Const(1.0),
            n: Multiplicity::Const(1),
            skip_if_invalid: false,
        }
    }
}

fn invalid(msg: impl Into<String>) -> Error {
    Error::InvalidArgument(msg.into())
}

/// A generator expression `expr for var in range(...) if cond`.
#[derive(Debug, Clone, PartialEq)]
struct Generator {
    expr: String,
    var: String,
    /// `range` (or `sample`) arguments (1 to 3 expressions).
    range: Vec<String>,
    /// `sample(..., p=...)` or `sample(..., size=...)`.
    sample: Option<Sample>,
    cond: Option<String>,
}

/// How `sample(...)` picks from its range.
#[derive(Debug, Clone, PartialEq)]
enum Sample {
    /// Each value independently with probability `p` (an expression of `i`).
    P(String),
    /// `size` distinct values (an expression of `i`), in increasing order.
    Size(String),
}

/// Split `text` at top-level (outside brackets) occurrences of the keyword `kw`.
fn find_keyword(text: &str, kw: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0i32;
    let mut k = from;
    while k < bytes.len() {
        match bytes[k] {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth -= 1,
            _ => {}
        }
        if depth == 0 && text[k..].starts_with(kw) {
            let before = k == 0 || !is_ident(bytes[k - 1]);
            let after = bytes.get(k + kw.len()).is_none_or(|b| !is_ident(*b));
            if before && after {
                return Some(k);
            }
        }
        k += 1;
    }
    None
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn generator_error(text: &str, what: &str) -> Error {
    Error::Model(
        ModelError::new(
            ErrorKind::Syntax,
            format!("cannot parse the generator expression: {what}"),
            "connect",
            text,
            crate::diag::Span::new(0, text.len()),
        )
        .with_help("expected 'EXPR for VAR in range(START, STOP[, STEP]) [if CONDITION]'"),
    )
}

/// Parse `j='...'`: a plain expression, or a generator.
fn parse_targets(text: &str) -> Result<Generator> {
    let Some(f) = find_keyword(text, "for", 0) else {
        // `j='i+1'` is `j='i+1 for _ in range(1)'`.
        return Ok(Generator {
            expr: text.trim().to_string(),
            var: "_".into(),
            range: vec!["1".into()],
            sample: None,
            cond: None,
        });
    };
    let expr = text[..f].trim().to_string();
    let rest_start = f + 3;
    let Some(inn) = find_keyword(text, "in", rest_start) else {
        return Err(generator_error(text, "'in' is missing"));
    };
    let var = text[rest_start..inn].trim().to_string();
    if var.is_empty() || !var.bytes().all(is_ident) {
        return Err(generator_error(text, "the loop variable must be a name"));
    }
    let after_in = text[inn + 2..].trim_start();
    let (is_sample, args_text) = if let Some(rest) = after_in.strip_prefix("range") {
        (false, rest)
    } else if let Some(rest) = after_in.strip_prefix("sample") {
        (true, rest)
    } else {
        return Err(generator_error(
            text,
            "expected 'range(...)' or 'sample(...)' after 'in'",
        ));
    };
    let args_text = args_text.trim_start();
    if !args_text.starts_with('(') {
        return Err(generator_error(text, "expected '(' after 'range'"));
    }
    // The matching parenthesis.
    let mut depth = 0;
    let mut close = None;
    for (k, c) in args_text.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(k);
                    break;
                }
            }
            _ => {}
        }
    }
    let Some(close) = close else {
        return Err(generator_error(text, "unclosed 'range('"));
    };
    let inner = &args_text[1..close];
    let mut range = Vec::new();
    let mut start = 0;
    let mut depth = 0;
    for (k, c) in inner.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                range.push(inner[start..k].trim().to_string());
                start = k + 1;
            }
            _ => {}
        }
    }
    range.push(inner[start..].trim().to_string());
    let mut sample = None;
    if is_sample {
        let mut positional = Vec::new();
        for a in range {
            let kw = a.split_once('=').filter(|(k, v)| {
                let k = k.trim();
                !v.starts_with('=') && (k == "p" || k == "size")
            });
            match kw {
                Some((k, v)) if sample.is_none() => {
                    let v = v.trim().to_string();
                    sample = Some(if k.trim() == "p" {
                        Sample::P(v)
                    } else {
                        Sample::Size(v)
                    });
                }
                Some(_) => {
                    return Err(generator_error(text, "sample() takes either p= or size="));
                }
                None => positional.push(a),
            }
        }
        if sample.is_none() {
            return Err(generator_error(text, "sample() needs p=... or size=..."));
        }
        range = positional;
    }
    if range.is_empty() || range.len() > 3 || range.iter().any(String::is_empty) {
        return Err(generator_error(
            text,
            "range() and sample() take 1 to 3 positional arguments",
        ));
    }
    let tail = args_text[close + 1..].trim();
    let cond = if tail.is_empty() {
        None
    } else if let Some(c) = tail.strip_prefix("if") {
        Some(c.trim().to_string())
    } else {
        return Err(generator_error(
            text,
            "expected 'if' or the end after 'range(...)'",
        ));
    };
    Ok(Generator {
        expr,
        var,
        range,
        sample,
        cond,
    })
}

/// The pseudo variable id of a generator's loop variable.
const K_ID: u32 = LINK_BASE - 1;

/// What an expression given to `connect` must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bool,
    Number,
    Integer,
}

/// Several expressions of a `connect` call compiled into one kernel evaluated over a
/// row of candidate pairs (presynaptic and postsynaptic absolute indices, and the
/// generator variable).
struct PairKernel {
    compiled: Compiled,
    lowered: lower::LoweredKernel,
    /// Copies of the source and target columns the expressions read.
    columns: Vec<Vec<f64>>,
    outputs: usize,
}

impl PairKernel {
    #[allow(clippy::too_many_arguments)]
    fn new(
        groups: &[GroupState],
        gi: usize,
        namespaces: &[&Namespace],
        exprs: &[(&str, &str, Kind)],
        k_name: Option<&str>,
        backend: Backend,
    ) -> Result<PairKernel> {
        let def = &groups[gi].def;
        let mut vars = def.scope_vars();
        if let Some(k) = k_name {
            vars.insert(
                0,
                VarInfo {
                    name: k.to_string(),
                    target: VarTarget::Var(VarId(K_ID)),
                    dim: Dimension::DIMENSIONLESS,
                    dtype: Dtype::Int,
                },
            );
        }
        let mut code = AbstractCode::default();
        for (slot, (text, context, kind)) in exprs.iter().enumerate() {
            let ast =
                syntax::parse_expression(text).map_err(|e| ModelError::syntax(context, text, e))?;
            let typed = Checker {
                scope: Scope {
                    vars: &vars,
                    namespaces,
                },
                context,
                source: text,
            }
            .check(&ast)?;
            let err = |kind, msg: String| {
                Error::Model(ModelError::new(kind, msg, context, text, ast.span))
            };
            let ok = match kind {
                Kind::Bool => typed.dtype == Dtype::Bool,
                Kind::Number | Kind::Integer => {
                    typed.dtype != Dtype::Bool && typed.dim.is_dimensionless()
                }
            };
            if !ok {
                let want = match kind {
                    Kind::Bool => "a boolean expression",
                    Kind::Number => "a dimensionless number",
                    Kind::Integer => "a dimensionless integer",
                };
                return Err(err(
                    ErrorKind::Type,
                    format!("the {context} \"{text}\" must be {want}"),
                ));
            }
            if typed.expr.any(&|e| matches!(e, Expr::Random(_))) {
                return Err(err(
                    ErrorKind::Value,
                    format!(
                        "random numbers cannot be used in the {context} \"{text}\"; use connect(p=...) for random connectivity"
                    ),
                ));
            }
            let syn = def.synaptic.as_ref();
            let bad = find_var(&typed.expr, &|v| {
                v.0 != K_ID
                    && syn.and_then(|s| s.link(v)).is_none_or(|l| {
                        matches!(l.target, LinkTarget::NIncoming | LinkTarget::NOutgoing)
                    })
            });
            if let Some(v) = bad {
                let name = def
                    .own(v)
                    .map(|x| x.name.clone())
                    .or_else(|| syn.and_then(|s| s.link(v)).map(|l| l.name.clone()))
                    .unwrap_or_default();
                return Err(err(
                    ErrorKind::Value,
                    format!(
                        "the {context} cannot use '{name}': only i, j, N_pre, N_post and variables of the source and target can be used when creating synapses"
                    ),
                ));
            }
            code.stmts.push(Stmt::StoreAux(slot as u32, typed.expr));
        }
        let outputs = exprs.len();
        let base = synaptic_access(groups, gi);
        let access = |v: VarId| {
            if v.0 == K_ID {
                Access {
                    slot: SlotSource::Aux(outputs as u32),
                    index: AccessIndex::Loop,
                }
            } else {
                base(v)
            }
        };
        let lowered = lower::lower_with("connect", &code, Shape::EachIndex, &access, true);
        let mut columns = Vec::new();
        for s in &lowered.slots {
            if let SlotSource::Group(g, v) = s {
                columns.push(groups[*g].columns[v.0 as usize].clone());
            }
        }
        let compiled = spikelift_jit::compile(lowered.kernel.clone(), backend)?;
        Ok(PairKernel {
            compiled,
            lowered,
            columns,
            outputs,
        })
    }

    /// Evaluate the expressions for the pairs `(pre[k], post[k])` (absolute indices)
    /// with loop variable `kvar[k]`; output `o` of pair `k` goes to `out[o][k]`.
    fn eval(
        &mut self,
        data: &crate::runtime::synapses::SynapseData,
        pre: &[u32],
        post: &[u32],
        kvar: &mut Vec<f64>,
        out: &mut [Vec<f64>],
    ) -> Result<()> {
        let n = pre.len();
        kvar.resize(n, 0.0);
        for o in out.iter_mut() {
            o.clear();
            o.resize(n, 0.0);
        }
        let scalars: Vec<f64> = self
            .lowered
            .scalars
            .iter()
            .map(|s| match s {
                ScalarSource::T | ScalarSource::Dt => 0.0,
                ScalarSource::N => data.len() as f64,
                ScalarSource::NPre => data.source.len() as f64,
                ScalarSource::NPost => data.target.len() as f64,
                ScalarSource::PreStart => data.source.start as f64,
                ScalarSource::PostStart => data.target.start as f64,
                // `t` is 0: any clock reads the first row; the array's own step will do.
                ScalarSource::TimedArrayEpsilon(k) | ScalarSource::TimedArrayUpsampling(k) => {
                    let tas = &self.lowered.timed_arrays;
                    let dt = tas.get(*k as usize).map_or(f64::NAN, |ta| ta.dt());
                    s.timed_array_value(tas, dt).unwrap_or(f64::NAN)
                }
            })
            .collect();
        let indices: Vec<&[u32]> = self
            .lowered
            .idx_slots
            .iter()
            .map(|s| match s {
                IdxSource::Pre => pre,
                IdxSource::Post => post,
                IdxSource::Linked(_) => &[],
            })
            .collect();
        let mut columns = self.columns.iter_mut();
        let mut outs = out.iter_mut();
        let mut k_slot = Some(kvar.as_mut_slice());
        let mut arrays: Vec<&mut [f64]> = Vec::new();
        for s in &self.lowered.slots {
            let a: Option<&mut [f64]> = match s {
                SlotSource::Group(..) => columns.next().map(Vec::as_mut_slice),
                SlotSource::Aux(a) if (*a as usize) < self.outputs => {
                    outs.next().map(Vec::as_mut_slice)
                }
                SlotSource::Aux(_) => k_slot.take(),
                _ => None,
            };
            arrays.push(a.ok_or_else(|| invalid("bug: connect kernel slot"))?);
        }
        // Outputs come in slot order ([`PairKernel::aux_order`] maps them back).
        let tables = self
            .lowered
            .timed_arrays
            .iter()
            .map(|t| t.values())
            .collect();
        let mut b = Bindings::with_indices(arrays, &scalars, indices).with_tables(tables);
        self.compiled
            .run_range(&mut b, n, Policy::Serial, &mut Vec::new())?;
        Ok(())
    }

    /// The output index of each lowered aux slot, in slot order.
    fn aux_order(&self) -> Vec<usize> {
        self.lowered
            .slots
            .iter()
            .filter_map(|s| match s {
                SlotSource::Aux(a) if (*a as usize) < self.outputs => Some(*a as usize),
                _ => None,
            })
            .collect()
    }
}

/// The first variable of `e` (depth first, left to right) for which `pred` holds.
fn find_var(e: &Expr, pred: &dyn Fn(VarId) -> bool) -> Option<VarId> {
    let mut stack = vec![e];
    while let Some(x) = stack.pop() {
        match x {
            Expr::Var(v) if pred(*v) => return Some(*v),
            Expr::Unary(_, a) => stack.push(a),
            Expr::Binary(_, a, b) => {
                stack.push(b);
                stack.push(a);
            }
            Expr::Call(_, args) => stack.extend(args.iter().rev()),
            _ => {}
        }
    }
    None
}

/// The absolute index of neuron `k` of `slice`, or Brian2's error for an index out of
/// range (`what`: presynaptic or postsynaptic, `side`: source or target).
fn absolute_index(
    k: i64,
    slice: crate::runtime::synapses::GroupSlice,
    what: &str,
    side: &str,
) -> Result<u32> {
    if k < 0 || k as usize >= slice.len() {
        return Err(invalid(format!(
            "{what} index {k} is out of range: the {side} has {} neurons (indices 0 to {})",
            slice.len(),
            slice.len() as i64 - 1
        )));
    }
    Ok((slice.start + k as usize) as u32)
}

/// Append `n` copies of the pair `(i, j)`; growing the lists is checked, so running out
/// of memory (a condition that holds for 10^12 pairs) is an error, not an abort.
fn add_pairs(pre: &mut Vec<u32>, post: &mut Vec<u32>, i: u32, j: u32, n: i64) -> Result<()> {
    let n = n.max(0) as usize;
    if pre.len() + n > pre.capacity() {
        let extra = n.max(pre.len()).max(1024);
        let have = pre.len();
        let fail = |_| {
            invalid(format!(
                "not enough memory to create more than {have} synapses"
            ))
        };
        pre.try_reserve(extra).map_err(fail)?;
        post.try_reserve(extra).map_err(fail)?;
    }
    for _ in 0..n {
        pre.push(i);
        post.push(j);
    }
    Ok(())
}

/// A uniform number in `[0, 1)`.
pub(crate) fn uniform(rng: &mut Xoshiro256PlusPlus) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Connect synapses `gi` as `req` asks; the new pairs are appended to its synapse
/// data. Returns the pairs created (absolute indices), in creation order.
pub(crate) fn connect(
    groups: &[GroupState],
    gi: usize,
    namespaces: &[&Namespace],
    req: &ConnectRequest,
    rng: &mut Xoshiro256PlusPlus,
    backend: Backend,
) -> Result<(Vec<u32>, Vec<u32>)> {
    let Some(data) = groups[gi].synapses.as_deref() else {
        return Err(invalid("connect() needs a Synapses object"));
    };
    let (src, tgt) = (data.source, data.target);
    if let Probability::Const(p) = req.p
        && !(0.0..=1.0).contains(&p)
    {
        return Err(invalid(format!(
            "the connection probability p must be between 0 and 1, got {p}"
        )));
    }
    if let Multiplicity::Const(n) = req.n
        && n < 0
    {
        return Err(invalid(format!(
            "the number of synapses per pair n must be non-negative, got {n}"
        )));
    }
    let mut pre_out: Vec<u32> = Vec::new();
    let mut post_out: Vec<u32> = Vec::new();
    let check_i = |i: i64| absolute_index(i, src, "presynaptic", "source");
    let check_j = |j: i64| absolute_index(j, tgt, "postsynaptic", "target");
    // Per-pair expressions: condition, p, n.
    let mut exprs: Vec<(&str, &str, Kind)> = Vec::new();
    let cond_slot = req.condition.as_deref().map(|c| {
        exprs.push((c, "condition", Kind::Bool));
        exprs.len() - 1
    });
    let p_slot = match &req.p {
        Probability::Expr(e) => {
            exprs.push((e.as_str(), "connection probability p", Kind::Number));
            Some(exprs.len() - 1)
        }
        Probability::Const(_) => None,
    };
    let n_slot = match &req.n {
        Multiplicity::Expr(e) => {
            exprs.push((e.as_str(), "number of synapses n", Kind::Integer));
            Some(exprs.len() - 1)
        }
        Multiplicity::Const(_) => None,
    };
    let const_p = match req.p {
        Probability::Const(p) => p,
        Probability::Expr(_) => 1.0,
    };
    let const_n = match req.n {
        Multiplicity::Const(n) => n,
        Multiplicity::Expr(_) => 1,
    };

    // Explicit pairs: `i` and/or `j` index arrays.
    let cross = |is: &mut dyn Iterator<Item = i64>, js: &[i64]| -> Vec<(i64, i64)> {
        is.flat_map(|i| js.iter().map(move |&j| (i, j))).collect()
    };
    let explicit: Option<Vec<(i64, i64)>> = match (&req.i, &req.j) {
        (Some(_), Targets::Expr(_)) => {
            return Err(invalid(
                "connect() with an 'i' array and a 'j' expression is not supported; give both as arrays",
            ));
        }
        // `connect(i=[...])`: each of these sources to every target.
        (Some(is), Targets::All) => Some(cross(
            &mut is.iter().copied(),
            &(0..tgt.len() as i64).collect::<Vec<_>>(),
        )),
        (Some(is), Targets::Indices(js)) => Some(match (is.len(), js.len()) {
            (a, b) if a == b => is.iter().copied().zip(js.iter().copied()).collect(),
            (1, _) => cross(&mut is.iter().copied(), js),
            (_, 1) => is.iter().map(|&i| (i, js[0])).collect(),
            (a, b) => {
                return Err(invalid(format!(
                    "the 'i' and 'j' index arrays have different lengths ({a} and {b})"
                )));
            }
        }),
        // `connect(j=[...])`: every source to these targets.
        (None, Targets::Indices(js)) => Some(cross(&mut (0..src.len() as i64), js)),
        (None, _) => None,
    };
    if let Some(pairs) = explicit {
        let mut pre = Vec::with_capacity(pairs.len());
        let mut post = Vec::with_capacity(pairs.len());
        for &(i, j) in &pairs {
            pre.push(check_i(i)?);
            post.push(check_j(j)?);
        }
        let keep = evaluate_pairs(
            groups, gi, namespaces, &exprs, cond_slot, p_slot, n_slot, const_p, const_n, &pre,
            &post, rng, backend,
        )?;
        for ((pi, pj), n) in pre.iter().zip(&post).zip(keep) {
            add_pairs(&mut pre_out, &mut post_out, *pi, *pj, n)?;
        }
        return Ok((pre_out, post_out));
    }
    if let Targets::Expr(text) = &req.j {
        if req.condition.is_some() {
            return Err(invalid(
                "connect() takes either a condition or a 'j' expression, not both",
            ));
        }
        let generator = parse_targets(text)?;
        return generate(
            groups, gi, namespaces, &generator, req, &exprs, p_slot, n_slot, const_p, const_n, rng,
            backend,
        );
    }
    // Every pair, filtered by condition and p.
    let fast = cond_slot.is_none() && p_slot.is_none() && n_slot.is_none();
    if fast {
        if const_p <= 0.0 || const_n == 0 {
            return Ok((pre_out, post_out));
        }
        let total = (src.len() as f64) * (tgt.len() as f64) * const_p * const_n as f64;
        crate::runtime::objects::ensure_allocatable(
            Some((total * 8.0).min(usize::MAX as f64) as usize),
            &|| format!("{total:.0} synapses"),
        )?;
        let log_q = (1.0 - const_p).ln();
        for i in 0..src.len() {
            let mut j: i64 = -1;
            loop {
                if const_p >= 1.0 {
                    j += 1;
                } else {
                    let u = uniform(rng);
                    j += 1 + ((1.0 - u).ln() / log_q).floor() as i64;
                }
                if j as usize >= tgt.len() || j < 0 {
                    break;
                }
                let (pi, pj) = ((src.start + i) as u32, (tgt.start + j as usize) as u32);
                add_pairs(&mut pre_out, &mut post_out, pi, pj, const_n)?;
            }
        }
        return Ok((pre_out, post_out));
    }
    let post_row: Vec<u32> = (tgt.start..tgt.stop).map(|j| j as u32).collect();
    let mut kernel = PairKernel::new(groups, gi, namespaces, &exprs, None, backend)?;
    let order = kernel.aux_order();
    let mut outs = vec![Vec::new(); exprs.len()];
    let mut pre_row = Vec::new();
    let mut kvar = Vec::new();
    for i in src.start..src.stop {
        pre_row.clear();
        pre_row.resize(tgt.len(), i as u32);
        kernel.eval(data, &pre_row, &post_row, &mut kvar, &mut outs)?;
        let col = |slot: Option<usize>| slot.and_then(|s| order.iter().position(|&o| o == s));
        let (c, p, n) = (col(cond_slot), col(p_slot), col(n_slot));
        for (k, &j) in post_row.iter().enumerate() {
            if let Some(c) = c
                && outs[c][k] == 0.0
            {
                continue;
            }
            let prob = p.map_or(const_p, |p| outs[p][k]);
            if prob < 1.0 && uniform(rng) >= prob {
                continue;
            }
            let count = n.map_or(const_n, |n| outs[n][k] as i64);
            add_pairs(&mut pre_out, &mut post_out, i as u32, j, count)?;
        }
    }
    Ok((pre_out, post_out))
}

/// For given candidate pairs: how many synapses each gets (condition, p, n).
#[allow(clippy::too_many_arguments)]
fn evaluate_pairs(
    groups: &[GroupState],
    gi: usize,
    namespaces: &[&Namespace],
    exprs: &[(&str, &str, Kind)],
    cond_slot: Option<usize>,
    p_slot: Option<usize>,
    n_slot: Option<usize>,
    const_p: f64,
    const_n: i64,
    pre: &[u32],
    post: &[u32],
    rng: &mut Xoshiro256PlusPlus,
    backend: Backend,
) -> Result<Vec<i64>> {
    let Some(data) = groups[gi].synapses.as_deref() else {
        return Err(invalid("connect() needs a Synapses object"));
    };
    let mut outs = vec![Vec::new(); exprs.len()];
    let order = if exprs.is_empty() {
        Vec::new()
    } else {
        let mut kernel = PairKernel::new(groups, gi, namespaces, exprs, None, backend)?;
        kernel.eval(data, pre, post, &mut Vec::new(), &mut outs)?;
        kernel.aux_order()
    };
    let col = |slot: Option<usize>| slot.and_then(|s| order.iter().position(|&o| o == s));
    let (c, p, n) = (col(cond_slot), col(p_slot), col(n_slot));
    Ok((0..pre.len())
        .map(|k| {
            if c.is_some_and(|c| outs[c][k] == 0.0) {
                return 0;
            }
            let prob = p.map_or(const_p, |p| outs[p][k]);
            if prob < 1.0 && uniform(rng) >= prob {
                return 0;
            }
            n.map_or(const_n, |n| outs[n][k] as i64).max(0)
        })
        .collect())
}

/// The generator form `j='EXPR for VAR in range(...) if COND'`.
#[allow(clippy::too_many_arguments)]
fn generate(
    groups: &[GroupState],
    gi: usize,
    namespaces: &[&Namespace],
    g: &Generator,
    req: &ConnectRequest,
    pair_exprs: &[(&str, &str, Kind)],
    p_slot: Option<usize>,
    n_slot: Option<usize>,
    const_p: f64,
    const_n: i64,
    rng: &mut Xoshiro256PlusPlus,
    backend: Backend,
) -> Result<(Vec<u32>, Vec<u32>)> {
    let Some(data) = groups[gi].synapses.as_deref() else {
        return Err(invalid("connect() needs a Synapses object"));
    };
    let (src, tgt) = (data.source, data.target);
    // Range bounds per presynaptic neuron.
    let mut bounds: Vec<(&str, &str, Kind)> = g
        .range
        .iter()
        .map(|r| (r.as_str(), "range of the generator", Kind::Integer))
        .collect();
    match &g.sample {
        Some(Sample::P(p)) => bounds.push((p.as_str(), "probability of sample()", Kind::Number)),
        Some(Sample::Size(n)) => bounds.push((n.as_str(), "size of sample()", Kind::Integer)),
        None => {}
    }
    let mut bounds_kernel = PairKernel::new(groups, gi, namespaces, &bounds, None, backend)?;
    let border = bounds_kernel.aux_order();
    let pre_all: Vec<u32> = (src.start..src.stop).map(|i| i as u32).collect();
    let dummy_post = vec![tgt.start as u32; pre_all.len()];
    let mut bvals = vec![Vec::new(); bounds.len()];
    let mut kvar = Vec::new();
    bounds_kernel.eval(data, &pre_all, &dummy_post, &mut kvar, &mut bvals)?;
    let bcol = |s: usize| border.iter().position(|&o| o == s);
    // The target expression per (i, k).
    let k_name = Some(g.var.as_str());
    let mut j_kernel = PairKernel::new(
        groups,
        gi,
        namespaces,
        &[(
            g.expr.as_str(),
            "postsynaptic index expression",
            Kind::Integer,
        )],
        k_name,
        backend,
    )?;
    // The `if` clause, p and n per (i, j, k).
    let mut rest: Vec<(&str, &str, Kind)> = Vec::new();
    let cond_slot = g.cond.as_deref().map(|c| {
        rest.push((c, "condition of the generator", Kind::Bool));
        rest.len() - 1
    });
    let shift = rest.len();
    rest.extend(pair_exprs.iter().copied());
    let p_slot = p_slot.map(|s| s + shift);
    let n_slot = n_slot.map(|s| s + shift);
    let mut rest_kernel = if rest.is_empty() {
        None
    } else {
        Some(PairKernel::new(
            groups, gi, namespaces, &rest, k_name, backend,
        )?)
    };
    let mut pre_out = Vec::new();
    let mut post_out = Vec::new();
    let mut jvals = vec![Vec::new()];
    let mut outs = vec![Vec::new(); rest.len()];
    for (row, &i) in pre_all.iter().enumerate() {
        let b = |s: usize| bcol(s).map_or(0, |c| bvals[c][row] as i64);
        let (lo, hi, step) = match g.range.len() {
            1 => (0, b(0), 1),
            2 => (b(0), b(1), 1),
            _ => (b(0), b(1), b(2)),
        };
        if step == 0 {
            return Err(invalid("the step of range() in a generator cannot be zero"));
        }
        let count = if step > 0 {
            ((hi - lo).max(0) + step - 1) / step
        } else {
            ((lo - hi).max(0) - step - 1) / -step
        };
        if count == 0 {
            continue;
        }
        kvar.clear();
        kvar.extend((0..count).map(|m| (lo + m * step) as f64));
        let sample_arg = || bcol(g.range.len()).map_or(0.0, |c| bvals[c][row]);
        match &g.sample {
            Some(Sample::P(_)) => {
                let p = sample_arg();
                if !(0.0..=1.0).contains(&p) {
                    return Err(invalid(format!(
                        "the probability of sample() must be between 0 and 1, got {p}"
                    )));
                }
                kvar.retain(|_| uniform(rng) < p);
            }
            Some(Sample::Size(_)) => {
                let size = sample_arg();
                if size < 0.0 || size > kvar.len() as f64 {
                    return Err(invalid(format!(
                        "sample() cannot take {size} values from a range of {}",
                        kvar.len()
                    )));
                }
                // A uniform subset (partial Fisher-Yates), in increasing order.
                let size = size as usize;
                for m in 0..size {
                    let r = m
                        + ((uniform(rng) * (kvar.len() - m) as f64) as usize)
                            .min(kvar.len() - m - 1);
                    kvar.swap(m, r);
                }
                kvar.truncate(size);
                kvar.sort_by(|a, b| {
                    if step > 0 {
                        a.total_cmp(b)
                    } else {
                        b.total_cmp(a)
                    }
                });
            }
            None => {}
        }
        if kvar.is_empty() {
            continue;
        }
        let pre_row = vec![i; kvar.len()];
        let post_dummy = vec![tgt.start as u32; kvar.len()];
        j_kernel.eval(data, &pre_row, &post_dummy, &mut kvar, &mut jvals)?;
        // The `if` clause filters first (it may use postsynaptic variables, read at
        // the target when it exists); targets outside the group are then dropped
        // with skip_if_invalid, an error without.
        let mut posts = Vec::with_capacity(kvar.len());
        let mut valid = Vec::with_capacity(kvar.len());
        for &j in &jvals[0] {
            let j = j as i64;
            let ok = j >= 0 && (j as usize) < tgt.len();
            valid.push(ok);
            posts.push((tgt.start + if ok { j as usize } else { 0 }) as u32);
        }
        let pre_row = vec![i; posts.len()];
        let order = match rest_kernel.as_mut() {
            Some(k) => {
                k.eval(data, &pre_row, &posts, &mut kvar, &mut outs)?;
                k.aux_order()
            }
            None => Vec::new(),
        };
        let col = |slot: Option<usize>| slot.and_then(|s| order.iter().position(|&o| o == s));
        let (c, p, n) = (col(cond_slot), col(p_slot), col(n_slot));
        for (m, &j) in posts.iter().enumerate() {
            if c.is_some_and(|c| outs[c][m] == 0.0) {
                continue;
            }
            if !valid[m] {
                if req.skip_if_invalid {
                    continue;
                }
                return Err(invalid(format!(
                    "the generator gives the postsynaptic index {} for i = {}, outside the target's {} neurons (use skip_if_invalid=True to drop such targets)",
                    jvals[0][m],
                    i as usize - src.start,
                    tgt.len()
                )));
            }
            let prob = p.map_or(const_p, |p| outs[p][m]);
            if prob < 1.0 && uniform(rng) >= prob {
                continue;
            }
            let count = n.map_or(const_n, |n| outs[n][m] as i64);
            add_pairs(&mut pre_out, &mut post_out, i, j, count)?;
        }
    }
    Ok((pre_out, post_out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generator_syntax_parses() {
        let g = parse_targets("k for k in range(i-2, i+3) if k >= 0 and k < N_post and k != i")
            .expect("parses");
        assert_eq!(g.expr, "k");
        assert_eq!(g.var, "k");
        assert_eq!(g.range, vec!["i-2", "i+3"]);
        assert_eq!(g.cond.as_deref(), Some("k >= 0 and k < N_post and k != i"));
        let plain = parse_targets("i+1").expect("parses");
        assert_eq!((plain.expr.as_str(), plain.range.len()), ("i+1", 1));
        let e = parse_targets("k for k in range(i").expect_err("unclosed");
        assert!(e.to_string().contains("unclosed"), "{e}");
        let s = parse_targets("k for k in sample(N_post, p=0.1)").expect("sample");
        assert_eq!(s.range, vec!["N_post"]);
        assert_eq!(s.sample, Some(Sample::P("0.1".into())));
        let s = parse_targets("k for k in sample(2, 10, size=i+1) if k != i").expect("sample");
        assert_eq!(s.range, vec!["2", "10"]);
        assert_eq!(s.sample, Some(Sample::Size("i+1".into())));
        let e = parse_targets("k for k in sample(10)").expect_err("no p");
        assert!(e.to_string().contains("p=..."), "{e}");
    }
}
