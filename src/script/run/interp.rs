//! The script interpreter: executes statements, evaluates expressions, assigns to
//! names, attributes and indexed attributes. Brian2 objects are created and driven
//! through the embedded API only (`brian.rs`); NumPy and Python builtins live in
//! `builtins.rs`.

use super::error::{SResult, ScriptError};
use super::value::{Array, Obj, Value};
use super::{brian, builtins, index, ops, plotting};
use crate::api::Network;
use crate::diag::Span;
use crate::script::ast::{self, Expr, ExprKind, Stmt, StmtKind, Target, TargetKind};
use std::collections::HashMap;

/// Where `print` output goes.
pub trait Output {
    /// Write one line (without the newline).
    fn line(&mut self, text: &str);
}

impl Output for Vec<String> {
    fn line(&mut self, text: &str) {
        self.push(text.to_string());
    }
}

/// Output to the process's standard output.
pub struct Stdout;

impl Output for Stdout {
    fn line(&mut self, text: &str) {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{text}");
    }
}

/// The state of a running script: the network, the script's global names, and the
/// string literals seen (to point model errors into the script).
pub struct Interpreter {
    /// The simulation all Brian2 objects of the script live in.
    pub net: Network,
    /// Global names.
    pub globals: HashMap<String, Value>,
    /// String literals by value, to map errors inside model strings to the script.
    pub strings: HashMap<String, ast::StrLit>,
    /// Where `print` writes.
    pub out: Box<dyn Output>,
    /// Text printed with `print(..., end=...)` not yet ended by a newline.
    pub partial_line: String,
    /// The directory relative paths (`np.savez('out.npz')`) are resolved against.
    pub cwd: std::path::PathBuf,
    /// Loop iteration budget (guards against runaway `for` loops over huge ranges).
    pub budget: u64,
    /// State of `np.random`.
    pub rng: rand_xoshiro::Xoshiro256PlusPlus,
    /// Check models at `run()` instead of simulating (`spikelift check`).
    pub check_only: bool,
    /// The objects of each explicit `Network(...)`.
    pub networks: Vec<crate::api::Selection>,
    /// The time (seconds) of each explicit `Network(...)`, parallel to `networks`: in
    /// Brian2 each network has its own.
    pub network_t: Vec<f64>,
    /// The time (seconds) of the implicit network of `run()`.
    pub magic_t: f64,
    /// The first group, state monitor and spike monitor created since the last
    /// `start_scope()`: the implicit network of `run()` leaves older ones out.
    pub scope_start: (usize, usize, usize),
    /// Called with the progress of each run that has no `report=`, about every given
    /// period of wall-clock time (the REPL draws a progress bar with it).
    pub progress: Option<ProgressHook>,
}

/// A progress callback for runs, and how often to call it.
pub type ProgressHook = (std::time::Duration, Box<dyn FnMut(&crate::api::Progress)>);

impl Interpreter {
    /// A fresh interpreter writing to `out`.
    pub fn new(out: Box<dyn Output>) -> Interpreter {
        Interpreter {
            net: Network::new(),
            globals: HashMap::new(),
            strings: HashMap::new(),
            out,
            cwd: std::path::PathBuf::from("."),
            budget: 1 << 40,
            rng: builtins::default_rng(),
            check_only: false,
            networks: Vec::new(),
            network_t: Vec::new(),
            magic_t: 0.0,
            partial_line: String::new(),
            scope_start: (0, 0, 0),
            progress: None,
        }
    }

    /// Execute statements in order.
    pub fn exec_block(&mut self, body: &[Stmt]) -> SResult<()> {
        for s in body {
            self.exec(s)?;
        }
        Ok(())
    }

    /// Execute one statement.
    pub fn exec(&mut self, stmt: &Stmt) -> SResult<()> {
        match &stmt.kind {
            StmtKind::Import(imp) => self.import(imp, stmt.span),
            StmtKind::Assign { targets, value } => {
                let v = self.eval(value)?;
                for t in targets {
                    self.assign(t, v.clone())?;
                }
                Ok(())
            }
            StmtKind::AugAssign { target, op, value } => self.aug_assign(target, *op, value),
            StmtKind::Expr(e) => {
                self.eval(e)?;
                Ok(())
            }
            StmtKind::For { target, iter, body } => {
                let iterable = self.eval(iter)?;
                let items = self.iterate(&iterable, iter.span)?;
                for item in items {
                    if self.budget == 0 {
                        return Err(ScriptError::new(
                            "RuntimeError",
                            "the loop ran too many iterations",
                            stmt.span,
                        ));
                    }
                    self.budget -= 1;
                    self.assign(target, item)?;
                    self.exec_block(body)?;
                }
                Ok(())
            }
            StmtKind::If {
                cond,
                body,
                elifs,
                orelse,
            } => {
                if self.truthy(cond)? {
                    return self.exec_block(body);
                }
                for e in elifs {
                    if self.truthy(&e.cond)? {
                        return self.exec_block(&e.body);
                    }
                }
                match orelse {
                    Some(b) => self.exec_block(b),
                    None => Ok(()),
                }
            }
            StmtKind::Pass => Ok(()),
        }
    }

    fn truthy(&mut self, e: &Expr) -> SResult<bool> {
        let v = self.eval(e)?;
        v.truthy()
            .map_err(|m| ScriptError::new("ValueError", m, e.span))
    }

    fn import(&mut self, imp: &ast::Import, span: Span) -> SResult<()> {
        let module_value = |name: &str| -> Option<Value> {
            Some(Value::Obj(Obj::Module(match name {
                "numpy" => "np",
                "numpy.random" => "np.random",
                "brian2" | "brian2tools" => "brian2",
                _ => return None,
            })))
        };
        let unsupported = |name: &str, span: Span| {
            ScriptError::new(
                "ImportError",
                format!(
                    "module '{name}' is not available in spikelift scripts (use the plotting builtins for figures)"
                ),
                span,
            )
        };
        match imp {
            ast::Import::Modules(aliases) => {
                for a in aliases {
                    let name = dotted(&a.name);
                    let value =
                        module_value(&name).ok_or_else(|| unsupported(&name, a.name.span))?;
                    let bind = a
                        .alias
                        .as_ref()
                        .map_or_else(|| a.name.parts[0].name.clone(), |i| i.name.clone());
                    self.globals.insert(bind, value);
                }
                Ok(())
            }
            ast::Import::FromStar { module } => {
                let name = dotted(module);
                match name.as_str() {
                    "brian2" | "brian2tools" | "numpy" => Ok(()),
                    _ => Err(unsupported(&name, span)),
                }
            }
            ast::Import::FromNames { module, names } => {
                let m = dotted(module);
                let prefix = match m.as_str() {
                    "brian2" | "brian2tools" => "",
                    "numpy" => "np.",
                    _ => return Err(unsupported(&m, module.span)),
                };
                for a in names {
                    let name = dotted(&a.name);
                    let value =
                        self.lookup_builtin(&format!("{prefix}{name}"))
                            .ok_or_else(|| {
                                ScriptError::new(
                                    "ImportError",
                                    format!("cannot import name '{name}' from '{m}'"),
                                    a.name.span,
                                )
                            })?;
                    let bind = a.alias.as_ref().map_or(name, |i| i.name.clone());
                    self.globals.insert(bind, value);
                }
                Ok(())
            }
        }
    }

    fn lookup_builtin(&self, name: &str) -> Option<Value> {
        builtins::lookup(name)
            .or_else(|| brian::lookup(name))
            .or_else(|| plotting::lookup(name))
    }

    /// Evaluate an expression.
    pub fn eval(&mut self, e: &Expr) -> SResult<Value> {
        let err = |class: &str, m: String| ScriptError::new(class, m, e.span);
        match &e.kind {
            ExprKind::Int(i) => Ok(Value::Int(*i)),
            ExprKind::Float(f) => Ok(Value::Float(*f)),
            ExprKind::Str(s) => {
                self.strings.insert(s.value.clone(), s.clone());
                Ok(Value::Str(s.value.clone()))
            }
            ExprKind::Bool(b) => Ok(Value::Bool(*b)),
            ExprKind::None => Ok(Value::None),
            ExprKind::Name(n) => match self.globals.get(n) {
                Some(v) => Ok(v.clone()),
                None => self
                    .lookup_builtin(n)
                    .ok_or_else(|| err("NameError", format!("name '{n}' is not defined"))),
            },
            ExprKind::Attribute { value, attr } => {
                let v = self.eval(value)?;
                self.get_attr(&v, &attr.name, attr.span)
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                // `x.append(v)` on a list bound to a name mutates that list.
                if let ExprKind::Attribute { value, attr } = &func.kind
                    && attr.name == "append"
                    && let ExprKind::Name(n) = &value.kind
                    && matches!(self.globals.get(n), Some(Value::List(_)))
                {
                    let item = match args.as_slice() {
                        [a] => self.eval(a)?,
                        _ => {
                            return Err(err(
                                "TypeError",
                                "append() takes exactly one argument".into(),
                            ));
                        }
                    };
                    if let Some(Value::List(items)) = self.globals.get_mut(n) {
                        items.push(item);
                    }
                    return Ok(Value::None);
                }
                let f = self.eval(func)?;
                let mut argv = Vec::with_capacity(args.len());
                for (k, a) in args.iter().enumerate() {
                    // `linked_var(G.v, ...)` names a variable of a group, not its values.
                    if k == 0
                        && f == Value::Obj(Obj::Builtin("linked_var"))
                        && let ExprKind::Attribute { value: owner, attr } = &a.kind
                        && let obj @ Value::Obj(Obj::Group(_) | Obj::Subgroup(..)) =
                            self.eval(owner)?
                    {
                        argv.push((obj, owner.span));
                        argv.push((Value::Str(attr.name.clone()), a.span));
                        continue;
                    }
                    argv.push((self.eval(a)?, a.span));
                }
                let mut kw = Vec::with_capacity(keywords.len());
                for k in keywords {
                    kw.push((k.name.name.clone(), self.eval(&k.value)?, k.value.span));
                }
                self.call(&f, argv, kw, e.span)
            }
            ExprKind::Subscript { value, index } => {
                // `G.v['i > 5']`, `S.w[2, 3]`: select neurons or synapses first.
                if let ExprKind::Attribute { value: owner, attr } = &value.kind {
                    let obj = self.eval(owner)?;
                    let i = self.eval(index)?;
                    if let Value::Obj(Obj::Group(g)) = &obj
                        && attr.name != "variables"
                        && (matches!(i, Value::Str(_))
                            || (matches!(i, Value::Tuple(_)) && self.net.is_synapses(*g)))
                    {
                        return brian::get_selected(self, (*g).into(), &attr.name, &i, e.span);
                    }
                    if let Value::Obj(Obj::Subgroup(g, a, b)) = &obj
                        && matches!(i, Value::Str(_))
                    {
                        return brian::get_selected(self, g.slice(*a, *b), &attr.name, &i, e.span);
                    }
                    let v = self.get_attr(&obj, &attr.name, attr.span)?;
                    return self.subscript(&v, &i, e.span);
                }
                let v = self.eval(value)?;
                let i = self.eval(index)?;
                self.subscript(&v, &i, e.span)
            }
            ExprKind::Slice { lower, upper, step } => {
                let mut part = |x: &Option<Box<Expr>>| -> SResult<Option<i64>> {
                    match x {
                        None => Ok(None),
                        Some(x) => {
                            let v = self.eval(x)?;
                            match v {
                                Value::None => Ok(None),
                                _ => v.as_int().map(Some).ok_or_else(|| {
                                    ScriptError::new(
                                        "TypeError",
                                        "slice indices must be integers or None",
                                        x.span,
                                    )
                                }),
                            }
                        }
                    }
                };
                Ok(Value::Slice(part(lower)?, part(upper)?, part(step)?))
            }
            ExprKind::Tuple(items) => Ok(Value::Tuple(self.eval_all(items)?)),
            ExprKind::List(items) => Ok(Value::List(self.eval_all(items)?)),
            ExprKind::Dict(items) => {
                let mut res = Vec::with_capacity(items.len());
                for (k, v) in items {
                    res.push((self.eval(k)?, self.eval(v)?));
                }
                Ok(Value::Dict(res))
            }
            ExprKind::Unary { op, operand } => {
                let v = self.eval(operand)?;
                ops::unary(*op, &v).map_err(|m| err("TypeError", m))
            }
            ExprKind::Binary { op, left, right } => {
                let a = self.eval(left)?;
                let b = self.eval(right)?;
                ops::binary(*op, &a, &b).map_err(|m| err(error_class(&m), m))
            }
            ExprKind::BoolOp { op, left, right } => {
                let a = self.eval(left)?;
                let t = a.truthy().map_err(|m| err("ValueError", m))?;
                match (op, t) {
                    (ast::BoolOp::And, false) | (ast::BoolOp::Or, true) => Ok(a),
                    _ => self.eval(right),
                }
            }
            ExprKind::Compare { left, ops: rest } => {
                let mut a = self.eval(left)?;
                let mut result = Value::Bool(true);
                for (op, rhs) in rest {
                    let b = self.eval(rhs)?;
                    result = ops::compare(*op, &a, &b).map_err(|m| err(error_class(&m), m))?;
                    if rest.len() > 1 && !result.truthy().map_err(|m| err("ValueError", m))? {
                        return Ok(Value::Bool(false));
                    }
                    a = b;
                }
                Ok(result)
            }
            ExprKind::IfExp { body, cond, orelse } => {
                if self.truthy(cond)? {
                    self.eval(body)
                } else {
                    self.eval(orelse)
                }
            }
        }
    }

    fn eval_all(&mut self, items: &[Expr]) -> SResult<Vec<Value>> {
        items.iter().map(|x| self.eval(x)).collect()
    }

    /// Call a callable value.
    pub fn call(
        &mut self,
        f: &Value,
        args: Vec<(Value, Span)>,
        kwargs: Vec<(String, Value, Span)>,
        span: Span,
    ) -> SResult<Value> {
        match f {
            Value::Obj(Obj::Builtin(name)) => {
                let call = Call {
                    args,
                    kwargs,
                    span,
                    name,
                };
                if let Some(r) = builtins::call(self, &call) {
                    return r;
                }
                if let Some(r) = plotting::call(self, &call) {
                    return r;
                }
                brian::call(self, &call)
            }
            Value::Obj(Obj::Method(recv, name)) => {
                let call = Call {
                    args,
                    kwargs,
                    span,
                    name,
                };
                if let Some(r) = builtins::call_method(self, recv, &call) {
                    return r;
                }
                brian::call_method(self, recv, &call)
            }
            Value::Obj(Obj::TimedArray(ta)) => brian::call_timed_array(self, ta, &args, span),
            other => Err(ScriptError::new(
                "TypeError",
                format!("'{}' object is not callable", other.type_name()),
                span,
            )),
        }
    }

    fn get_attr(&mut self, v: &Value, attr: &str, span: Span) -> SResult<Value> {
        if let Some(r) = builtins::get_attr(self, v, attr, span) {
            return r;
        }
        brian::get_attr(self, v, attr, span)
    }

    fn subscript(&mut self, v: &Value, i: &Value, span: Span) -> SResult<Value> {
        let err = |m: String| {
            ScriptError::new(
                if m.contains("out of bounds") || m.contains("out of range") {
                    "IndexError"
                } else {
                    "TypeError"
                },
                m,
                span,
            )
        };
        match v {
            // A shared variable reads as a scalar; Brian2's view of it takes `[:]`.
            Value::Float(_) | Value::Int(_) | Value::Quantity(_)
                if *i == Value::Slice(None, None, None) =>
            {
                Ok(v.clone())
            }
            Value::Array(a) => index::index_array(a, i).map_err(err),
            Value::List(items) => index::index_sequence(items, i, false).map_err(err),
            Value::Tuple(items) => index::index_sequence(items, i, true).map_err(err),
            Value::Str(s) => {
                let chars: Vec<Value> = s.chars().map(|c| Value::Str(c.to_string())).collect();
                match index::index_sequence(&chars, i, false).map_err(err)? {
                    Value::List(parts) => {
                        Ok(Value::Str(parts.iter().map(|p| p.to_string()).collect()))
                    }
                    one => Ok(one),
                }
            }
            Value::Dict(items) => items
                .iter()
                .find(|(k, _)| ops::values_equal(k, i))
                .map(|(_, v)| v.clone())
                .ok_or_else(|| ScriptError::new("KeyError", super::value::repr(i), span)),
            Value::Obj(_) => brian::subscript(self, v, i, span),
            other => Err(ScriptError::new(
                "TypeError",
                format!("'{}' object is not subscriptable", other.type_name()),
                span,
            )),
        }
    }

    /// The items of an iterable.
    pub fn iterate(&self, v: &Value, span: Span) -> SResult<Vec<Value>> {
        match v {
            Value::List(items) | Value::Tuple(items) => Ok(items.clone()),
            Value::Str(s) => Ok(s.chars().map(|c| Value::Str(c.to_string())).collect()),
            Value::Dict(items) => Ok(items.iter().map(|(k, _)| k.clone()).collect()),
            Value::Array(a) if a.shape.len() == 1 => Ok(a
                .data
                .iter()
                .map(|x| {
                    Value::from_array(super::value::Array {
                        data: vec![*x],
                        shape: vec![],
                        dim: a.dim,
                        kind: a.kind,
                    })
                })
                .collect()),
            Value::Array(a) if a.shape.len() == 2 => (0..a.shape[0])
                .map(|r| {
                    index::index_array(a, &Value::Int(r as i64))
                        .map_err(|m| ScriptError::new("TypeError", m, span))
                })
                .collect(),
            other => Err(ScriptError::new(
                "TypeError",
                format!("'{}' object is not iterable", other.type_name()),
                span,
            )),
        }
    }

    fn assign(&mut self, t: &Target, v: Value) -> SResult<()> {
        match &t.kind {
            TargetKind::Name(n) => {
                if crate::units::lookup_unit(n).is_some() {
                    return Err(ScriptError::new(
                        "ValueError",
                        format!("'{n}' is the name of a unit and cannot be assigned to"),
                        t.span,
                    ));
                }
                self.globals.insert(n.clone(), v);
                Ok(())
            }
            TargetKind::Tuple(targets) => {
                let items = self.iterate(&v, t.span)?;
                if items.len() != targets.len() {
                    return Err(ScriptError::new(
                        "ValueError",
                        format!(
                            "cannot unpack {} values into {} names",
                            items.len(),
                            targets.len()
                        ),
                        t.span,
                    ));
                }
                for (tt, item) in targets.iter().zip(items) {
                    self.assign(tt, item)?;
                }
                Ok(())
            }
            TargetKind::Attribute { value, attr } => {
                let obj = self.eval(value)?;
                brian::set_attr(self, &obj, &attr.name, v, t.span)
            }
            TargetKind::Subscript { value, index } => {
                let i = self.eval(index)?;
                if let ExprKind::Attribute { value: owner, attr } = &value.kind {
                    let obj = self.eval(owner)?;
                    if matches!(obj, Value::Obj(Obj::Group(_) | Obj::Subgroup(..))) {
                        return brian::set_item(self, &obj, &attr.name, &i, v, t.span);
                    }
                }
                if let ExprKind::Name(n) = &value.kind {
                    let current = self.eval(value)?;
                    let updated = set_in_container(current, &i, v)
                        .map_err(|m| ScriptError::new("TypeError", m, t.span))?;
                    self.globals.insert(n.clone(), updated);
                    return Ok(());
                }
                Err(ScriptError::new(
                    "TypeError",
                    "this kind of item assignment is not supported",
                    t.span,
                ))
            }
        }
    }

    fn aug_assign(&mut self, target: &Target, op: ast::BinOp, value: &Expr) -> SResult<()> {
        let rhs = self.eval(value)?;
        let current_expr = target_as_expr(target);
        match &target.kind {
            TargetKind::Subscript {
                value: owner,
                index,
            } if matches!(&owner.kind, ExprKind::Attribute { .. }) => {
                let ExprKind::Attribute {
                    value: group_expr,
                    attr,
                } = &owner.kind
                else {
                    return Err(ScriptError::new(
                        "TypeError",
                        "unsupported augmented assignment",
                        target.span,
                    ));
                };
                let group = self.eval(group_expr)?;
                let i = self.eval(index)?;
                let whole = self.eval(owner)?;
                let current = self.subscript(&whole, &i, target.span)?;
                let new = ops::binary(op, &current, &rhs)
                    .map_err(|m| ScriptError::new(error_class(&m), m, target.span))?;
                brian::set_item(self, &group, &attr.name, &i, new, target.span)
            }
            _ => {
                let current = self.eval(&current_expr)?;
                let new = ops::binary(op, &current, &rhs)
                    .map_err(|m| ScriptError::new(error_class(&m), m, target.span))?;
                self.assign(target, new)
            }
        }
    }
}

/// A call's arguments, for builtins.
pub struct Call<'a> {
    /// Positional arguments with their spans.
    pub args: Vec<(Value, Span)>,
    /// Keyword arguments with their spans.
    pub kwargs: Vec<(String, Value, Span)>,
    /// Span of the whole call.
    pub span: Span,
    /// Qualified name of the callee.
    pub name: &'a str,
}

impl Call<'_> {
    /// Argument `name` (keyword) or positional `pos`.
    pub fn arg(&self, pos: usize, name: &str) -> Option<&Value> {
        self.kwargs
            .iter()
            .find(|(k, _, _)| k == name)
            .map(|(_, v, _)| v)
            .or_else(|| self.args.get(pos).map(|(v, _)| v))
    }

    /// Span of argument `name` or positional `pos` (the call's span if absent).
    pub fn arg_span(&self, pos: usize, name: &str) -> Span {
        self.kwargs
            .iter()
            .find(|(k, _, _)| k == name)
            .map(|(_, _, s)| *s)
            .or_else(|| self.args.get(pos).map(|(_, s)| *s))
            .unwrap_or(self.span)
    }

    /// Check that only the given keyword names are used, and at most `max_pos`
    /// positional arguments.
    pub fn check(&self, max_pos: usize, names: &[&str]) -> SResult<()> {
        if self.args.len() > max_pos {
            return Err(ScriptError::new(
                "TypeError",
                format!(
                    "{}() takes at most {max_pos} positional arguments ({} given)",
                    self.name,
                    self.args.len()
                ),
                self.span,
            ));
        }
        for (k, _, span) in &self.kwargs {
            if !names.contains(&k.as_str()) {
                let close = crate::check::close_matches(k, names.iter().copied());
                let hint = if close.is_empty() {
                    String::new()
                } else {
                    format!(" (did you mean '{}'?)", close[0])
                };
                return Err(ScriptError::new(
                    "TypeError",
                    format!(
                        "{}() got an unexpected keyword argument '{k}'{hint}",
                        self.name
                    ),
                    *span,
                ));
            }
        }
        Ok(())
    }

    /// A `TypeError` about this call.
    pub fn error(&self, message: impl Into<String>) -> ScriptError {
        ScriptError::new("TypeError", message, self.span)
    }
}

fn dotted(d: &ast::DottedName) -> String {
    d.parts
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(".")
}

fn target_as_expr(t: &Target) -> Expr {
    let kind = match &t.kind {
        TargetKind::Name(n) => ExprKind::Name(n.clone()),
        TargetKind::Attribute { value, attr } => ExprKind::Attribute {
            value: value.clone(),
            attr: attr.clone(),
        },
        TargetKind::Subscript { value, index } => ExprKind::Subscript {
            value: value.clone(),
            index: index.clone(),
        },
        TargetKind::Tuple(items) => ExprKind::Tuple(items.iter().map(target_as_expr).collect()),
    };
    Expr { kind, span: t.span }
}

/// The exception class Brian2/Python would raise for an operation error message.
pub fn error_class(message: &str) -> &'static str {
    if message.contains("units do not match")
        || message.contains("unit") && message.contains("dimension")
    {
        "DimensionMismatchError"
    } else if message.contains("division or modulo by zero") {
        "ZeroDivisionError"
    } else if message.contains("broadcast") {
        "ValueError"
    } else {
        "TypeError"
    }
}

/// `v` as an array to assign into `a`: of `a`'s unit (or zeros, which fit any).
fn assignable(v: &Value, a: &Array) -> Result<Array, String> {
    let src = v.to_array()?;
    if src.dim != a.dim && !(src.dim.is_dimensionless() && src.data.iter().all(|x| *x == 0.0)) {
        return Err(format!(
            "cannot assign a value with unit {} into an array with unit {}",
            src.dim, a.dim
        ));
    }
    Ok(src)
}

fn set_in_container(container: Value, i: &Value, v: Value) -> Result<Value, String> {
    match container {
        Value::List(mut items) => {
            let (pos, _) = index::positions(items.len(), i)?;
            for p in pos {
                items[p] = v.clone();
            }
            Ok(Value::List(items))
        }
        Value::Dict(mut items) => {
            match items.iter_mut().find(|(k, _)| ops::values_equal(k, i)) {
                Some(slot) => slot.1 = v,
                None => items.push((i.clone(), v)),
            }
            Ok(Value::Dict(items))
        }
        Value::Array(mut a)
            if a.shape.len() == 2 && matches!(i, Value::Tuple(p) if p.len() == 2) =>
        {
            let Value::Tuple(parts) = i else {
                return Ok(Value::Array(a));
            };
            let (flat, _) = index::positions_2d(&a.shape, &parts[0], &parts[1])?;
            let src = assignable(&v, &a)?;
            if src.len() != 1 && src.len() != flat.len() {
                return Err(format!(
                    "could not broadcast input array from shape ({},) into shape ({},)",
                    src.len(),
                    flat.len()
                ));
            }
            for (k, &p) in flat.iter().enumerate() {
                a.data[p] = if src.len() == 1 {
                    src.data[0]
                } else {
                    src.data[k]
                };
            }
            Ok(Value::Array(a))
        }
        Value::Array(mut a) => {
            let (pos, _) = index::positions(a.len0(), i)?;
            let src = assignable(&v, &a)?;
            let cols = if a.shape.len() == 2 { a.shape[1] } else { 1 };
            for (k, p) in pos.iter().enumerate() {
                for c in 0..cols {
                    let x = if src.len() == 1 {
                        src.data[0]
                    } else {
                        *src.data
                            .get(k * cols + c)
                            .ok_or("shape mismatch in assignment")?
                    };
                    a.data[p * cols + c] = x;
                }
            }
            Ok(Value::Array(a))
        }
        other => Err(format!(
            "'{}' object does not support item assignment",
            other.type_name()
        )),
    }
}
