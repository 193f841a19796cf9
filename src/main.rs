//! The `spikelift` command: run a Brian2 script (`spikelift run model.py`), check the
//! models of a script without simulating (`spikelift check model.py`), or work
//! interactively (`spikelift repl`), or plot arrays saved in an `.npz` file
//! (`spikelift plot out.npz i t`). All of it is a thin shell over `spikelift::script`
//! and `spikelift::plot`.

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
    /// Plot arrays of an .npz file (as `np.savez` writes them) to a PNG or SVG image.
    ///
    /// Times are taken to be in ms and rates in Hz. Without --kind, two 1-d arrays of
    /// equal length make a raster (neuron indices, then spike times) and a 2-d array,
    /// alone or after a 1-d time array, makes traces (one per neuron).
    Plot {
        /// The .npz file.
        npz: PathBuf,
        /// The arrays to plot: `i t` (raster), `[t] v` (state), `t rate` (rate).
        keys: Vec<String>,
        /// The image to write, .png or .svg [default: the .npz name with .png].
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// What to draw [default: chosen from the arrays' shapes].
        #[arg(long, value_parser = ["raster", "state", "rate"])]
        kind: Option<String>,
        /// A title above the plot.
        #[arg(long)]
        title: Option<String>,
        /// The y axis label [default: by kind, or the array's name for traces].
        #[arg(long)]
        ylabel: Option<String>,
        /// Image width in pixels.
        #[arg(long, default_value_t = 800)]
        width: u32,
        /// Image height in pixels.
        #[arg(long, default_value_t = 600)]
        height: u32,
    },
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
        Command::Plot {
            npz,
            keys,
            output,
            kind,
            title,
            ylabel,
            width,
            height,
        } => {
            let options = spikelift::plot::PlotOptions {
                width,
                height,
                title,
                y_label: ylabel,
                ..Default::default()
            };
            plot(&npz, &keys, output, kind, &options)
        }
    }
}

/// `spikelift plot`: draws the arrays and says what was written where.
#[allow(clippy::print_stderr, clippy::print_stdout)] // the command line is where output belongs
fn plot(
    npz: &std::path::Path,
    keys: &[String],
    output: Option<PathBuf>,
    kind: Option<String>,
    options: &spikelift::plot::PlotOptions,
) -> ExitCode {
    let kind = match kind
        .map(|k| k.parse::<spikelift::plot::PlotKind>())
        .transpose()
    {
        Ok(k) => k,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let output = output.unwrap_or_else(|| spikelift::plot::default_output(npz));
    match spikelift::plot::plot_npz(npz, keys, kind, &output, options) {
        Ok(kind) => {
            let what = match kind {
                spikelift::plot::PlotKind::Raster => "raster",
                spikelift::plot::PlotKind::State => "traces",
                spikelift::plot::PlotKind::Rate => "rate",
            };
            println!("wrote {} ({what})", output.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
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
