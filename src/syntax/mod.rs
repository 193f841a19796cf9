//! nom parsers for Brian2's model strings: expressions (thresholds, initial values,
//! right-hand sides), equations strings and event code (reset, `on_pre`, ...).
//!
//! Each entry point parses a whole string into the spanned trees of [`ast`] or returns a
//! [`SyntaxError`] whose span points at the offending text. Spans are byte ranges into the
//! string that was parsed. [`print_expr`] writes an expression back in canonical form.
//!
//! Layout: [`ast`] (the trees), `error` (errors), `lex` (tokens and whitespace), `expr`
//! (expressions), `equations`, `statements`, `print` (the printer).

pub mod ast;
mod equations;
mod error;
mod expr;
mod lex;
mod print;
mod statements;

#[cfg(test)]
mod tests;

pub use equations::parse_equations;
pub use error::SyntaxError;
pub use expr::parse_expression;
pub use print::print_expr;
pub use statements::parse_statements;
