//! The `spikelift` command: run a Brian2 script (`spikelift run model.py`), check the
//! models of a script without simulating (`spikelift check model.py`), or work
//! interactively (`spikelift repl`). All of it is a thin shell over
//! `spikelift::script`.

use clap::{Parser, Subcommand};
use spikelift::script::run::{Feed, Session, Stdout, run_file};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "spikelift",
    version,
    about = "Run Brian2 spiking network scripts with Cranelift-compiled code"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a script.
    Run {
        /// The script (a Brian2 Python script in spikelift's subset).
        script: PathBuf,
    },
    /// Parse and check every model of a script without simulating it.
    Check {
        /// The script.
        script: PathBuf,
    },
    /// An interactive session.
    Repl,
}

#[allow(clippy::print_stderr, clippy::print_stdout)] // the command line is where output belongs
fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Run { script } => report(run_file(&script, Box::new(Stdout), false)),
        Command::Check { script } => {
            let res = run_file(&script, Box::new(Stdout), true);
            if res.is_ok() {
                println!("{}: no problems found", script.display());
            }
            report(res)
        }
        Command::Repl => repl(),
    }
}

#[allow(clippy::print_stderr)] // errors go to standard error
fn report(res: Result<(), String>) -> ExitCode {
    match res {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

#[allow(clippy::print_stderr, clippy::print_stdout)] // the REPL talks to the terminal
fn repl() -> ExitCode {
    let mut editor = match rustyline::DefaultEditor::new() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("cannot start the line editor: {e}");
            return ExitCode::FAILURE;
        }
    };
    let history = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".spikelift_history"));
    if let Some(h) = &history {
        let _ = editor.load_history(h);
    }
    let mut session = Session::new(Box::new(Stdout));
    println!(
        "spikelift {} — Brian2 scripts, compiled. `from brian2 import *` is implied.",
        env!("CARGO_PKG_VERSION")
    );
    loop {
        let prompt = if session.is_pending() { "... " } else { ">>> " };
        match editor.readline(prompt) {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = editor.add_history_entry(line.as_str());
                }
                match session.feed(&line) {
                    Feed::NeedMore | Feed::Done(None) => {}
                    Feed::Done(Some(v)) => println!("{v}"),
                    Feed::Error(e) => eprintln!("{e}"),
                }
            }
            Err(rustyline::error::ReadlineError::Interrupted) => println!("KeyboardInterrupt"),
            Err(_) => break,
        }
    }
    if let Some(h) = &history {
        let _ = editor.save_history(h);
    }
    ExitCode::SUCCESS
}
