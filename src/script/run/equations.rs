//! `Equations(...)` in scripts: equation text as a string (so that `+` joins
//! equations), with Brian2's keyword substitutions: `Equations(eqs, I='I_ext')`
//! renames an identifier, `Equations(eqs, tau=5*ms)` replaces it by a value.
//!
//! The text starts and ends with a newline, so that adding two `Equations` (or an
//! `Equations` and a string) keeps their lines apart. A value is bound to a fresh
//! script name holding it (the equations read it from the namespace, as Brian2's
//! substituted constant), so it keeps the value it had when the equations were made.

use super::brian::as_str;
use super::error::{SResult, ScriptError};
use super::interp::{Call, Interpreter};
use super::value::Value;

/// `Equations(eqs, **substitutions)`.
pub fn construct(interp: &mut Interpreter, call: &Call<'_>) -> SResult<Value> {
    if call.args.len() > 1 {
        return Err(call.error("Equations() takes the equations and keyword substitutions"));
    }
    let text = match call.args.first() {
        Some((v, span)) => as_str(v, *span, "Equations")?.to_string(),
        None => match call.kwargs.iter().find(|(k, _, _)| k == "eqs") {
            Some((_, v, span)) => as_str(v, *span, "Equations")?.to_string(),
            None => String::new(),
        },
    };
    let mut renames: Vec<(String, String)> = Vec::new();
    for (name, value, span) in &call.kwargs {
        if name == "eqs" {
            continue;
        }
        let replacement = match value {
            Value::Str(new) => new.clone(),
            v if v.as_quantity().is_some() => {
                let bound = format!("{name}_substituted_{}", interp.globals.len());
                interp.globals.insert(bound.clone(), v.clone());
                bound
            }
            other => {
                return Err(ScriptError::new(
                    "TypeError",
                    format!(
                        "a substitution in Equations must be a name or a quantity, got {}",
                        other.type_name()
                    ),
                    *span,
                ));
            }
        };
        renames.push((name.clone(), replacement));
    }
    let body = text.trim_matches('\n');
    Ok(Value::Str(format!("\n{}\n", substitute(body, &renames))))
}

/// `text` with identifiers renamed (in the expressions of each line, including the
/// `x` of `dx/dt`, not in units and flags after the `:`).
pub fn substitute(text: &str, renames: &[(String, String)]) -> String {
    if renames.is_empty() {
        return text.to_string();
    }
    let rename = |id: &str| {
        renames
            .iter()
            .find(|(old, _)| old == id)
            .map(|(_, new)| new.as_str())
    };
    text.split('\n')
        .map(|line| {
            let (code, rest) = match line.find(':') {
                Some(k) => line.split_at(k),
                None => (line, ""),
            };
            let mut out = String::with_capacity(line.len());
            let mut chars = code.char_indices().peekable();
            while let Some((start, c)) = chars.next() {
                if !(c.is_ascii_alphabetic() || c == '_') {
                    out.push(c);
                    continue;
                }
                let mut end = start + c.len_utf8();
                while let Some(&(k, d)) = chars.peek() {
                    if d.is_ascii_alphanumeric() || d == '_' {
                        end = k + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                let id = &code[start..end];
                let derivative = id.len() > 1
                    && id.starts_with('d')
                    && code[end..].trim_start().starts_with("/dt");
                match (derivative, rename(id), rename(&id[1.min(id.len())..])) {
                    (true, _, Some(new)) => {
                        out.push('d');
                        out.push_str(new);
                    }
                    (_, Some(new), _) => out.push_str(new),
                    _ => out.push_str(id),
                }
            }
            out.push_str(rest);
            out
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_renamed_in_expressions_only() {
        let renames = [
            ("x".to_string(), "v".to_string()),
            ("I".to_string(), "I_ext".to_string()),
        ];
        assert_eq!(
            substitute(
                "dx/dt = (I - x)/tau : volt (unless refractory)\nI : volt",
                &renames
            ),
            "dv/dt = (I_ext - v)/tau : volt (unless refractory)\nI_ext : volt"
        );
        // whole identifiers only; `dt` and units untouched
        assert_eq!(
            substitute("dxx/dt = -xx/tau + x*dt/ms : 1", &renames),
            "dxx/dt = -xx/tau + v*dt/ms : 1"
        );
    }
}
