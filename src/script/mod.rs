//! The script language: parsing Brian2-compatible Python scripts (the subset described
//! in `shared/docs/SCRIPT_SUBSET.md`) into a spanned AST, and printing it back.
//!
//! Pipeline: `lines.rs` splits the text into logical lines (indentation, continuation,
//! strings, comments); `parser.rs` builds blocks and statements per line, with
//! `expr.rs` for expressions, `token.rs` for on-demand tokens and `literal.rs` for
//! numbers and strings; `print.rs` prints the AST canonically. Unsupported Python
//! constructs are named errors ([`ScriptSyntaxError`]), never panics.
//!
//! This module does not evaluate anything, resolve names or know Brian2's API: that
//! is the script runner's job, on top of this AST.

pub mod ast;
pub mod error;
mod expr;
mod lines;
mod literal;
pub mod parser;
pub mod print;
pub mod run;
mod token;

#[cfg(test)]
mod tests;

pub use ast::{
    Alias, BinOp, BoolOp, CmpOp, DottedName, Elif, Expr, ExprKind, Ident, Import, Keyword, Script,
    Stmt, StmtKind, StrLit, StrPart, Target, TargetKind, UnaryOp,
};
pub use error::ScriptSyntaxError;
pub use parser::{MAX_BLOCK_DEPTH, ParseOutcome, parse_interactive, parse_script};
pub use print::{print_expr, print_script, print_stmt, print_target};
pub use token::MAX_NESTING;
