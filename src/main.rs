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
    use std::sync::atomic::Ordering;
    let config = rustyline::Config::builder()
        .completion_type(rustyline::CompletionType::List)
        .build();
    let mut editor =
        match rustyline::Editor::<ReplHelper, rustyline::history::FileHistory>::with_config(config)
        {
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
    let session = std::rc::Rc::new(std::cell::RefCell::new(Session::new(Box::new(Stdout))));
    editor.set_helper(Some(ReplHelper(session.clone())));
    // Runs longer than about a second show a progress bar.
    session.borrow_mut().interp.progress = Some((
        std::time::Duration::from_millis(100),
        Box::new(progress_bar()),
    ));
    // Ctrl-C while input runs (the line editor handles it while reading): the run in
    // progress, or the next one, stops at a step boundary; a second Ctrl-C before a
    // run took the first one quits.
    let stop = session.borrow().interp.net.stop_flag();
    let handler_stop = stop.clone();
    if let Err(e) = ctrlc::set_handler(move || {
        if handler_stop.swap(true, Ordering::SeqCst) {
            eprintln!("\nKeyboardInterrupt");
            std::process::exit(130);
        }
    }) {
        eprintln!("warning: Ctrl-C will not stop runs: {e}");
    }
    println!(
        "spikelift {} — Brian2 scripts, compiled. `from brian2 import *` is implied; help() lists the topics.",
        env!("CARGO_PKG_VERSION")
    );
    loop {
        let prompt = if session.borrow().is_pending() {
            "... "
        } else {
            ">>> "
        };
        match editor.readline(prompt) {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = editor.add_history_entry(line.as_str());
                }
                stop.store(false, Ordering::SeqCst);
                let fed = session.borrow_mut().feed(&line);
                stop.store(false, Ordering::SeqCst);
                match fed {
                    Feed::NeedMore | Feed::Done(None) => {}
                    Feed::Done(Some(v)) => println!("{v}"),
                    Feed::Error(e) => eprintln!("{e}"),
                }
            }
            Err(rustyline::error::ReadlineError::Interrupted) => {
                session.borrow_mut().cancel();
                println!("KeyboardInterrupt");
            }
            Err(_) => break,
        }
    }
    if let Some(h) = &history {
        let _ = editor.save_history(h);
    }
    ExitCode::SUCCESS
}

/// The REPL's line-editor helper: tab completion from the session
/// (`spikelift::script::run::completion`).
struct ReplHelper(std::rc::Rc<std::cell::RefCell<Session>>);

impl rustyline::completion::Completer for ReplHelper {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &rustyline::Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        Ok(match self.0.try_borrow() {
            Ok(session) => spikelift::script::run::completion::complete(&session, line, pos),
            Err(_) => (pos, Vec::new()),
        })
    }
}

impl rustyline::hint::Hinter for ReplHelper {
    type Hint = String;
}

impl rustyline::highlight::Highlighter for ReplHelper {}

impl rustyline::validate::Validator for ReplHelper {}

impl rustyline::Helper for ReplHelper {}

/// A progress callback drawing an indicatif bar (on standard error) for runs that
/// take more than a second; the bar is removed when the run ends.
fn progress_bar() -> impl FnMut(&spikelift::api::Progress) {
    let mut bar: Option<indicatif::ProgressBar> = None;
    move |p| {
        if p.done || p.completed == 0.0 {
            if let Some(b) = bar.take() {
                b.finish_and_clear();
            }
            return;
        }
        if bar.is_none()
            && p.elapsed >= std::time::Duration::from_secs(1)
            && console::Term::stderr().is_term()
        {
            let b = indicatif::ProgressBar::with_draw_target(
                Some(1000),
                indicatif::ProgressDrawTarget::term_like(Box::new(NarrowStderr(
                    console::Term::stderr(),
                ))),
            );
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{bar:40} {percent:>3}% of {msg} simulated [{elapsed} elapsed, {eta} left]",
            ) {
                b.set_style(style);
            }
            b.set_message(p.duration.to_string());
            bar = Some(b);
        }
        if let Some(b) = &bar {
            b.set_position((p.completed * 1000.0) as u64);
        }
    }
}

/// Standard error for the progress bar, two columns narrower than the terminal:
/// indicatif pads the bar to the full width, and the `^C` the terminal echoes would
/// then wrap to a new line, leaving the bar behind when it is cleared.
#[derive(Debug)]
struct NarrowStderr(console::Term);

impl indicatif::TermLike for NarrowStderr {
    fn width(&self) -> u16 {
        self.0.size().1.saturating_sub(2).max(1)
    }

    fn height(&self) -> u16 {
        self.0.size().0
    }

    fn move_cursor_up(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_up(n)
    }

    fn move_cursor_down(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_down(n)
    }

    fn move_cursor_right(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_right(n)
    }

    fn move_cursor_left(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_left(n)
    }

    fn write_line(&self, s: &str) -> std::io::Result<()> {
        self.0.write_line(s)
    }

    fn write_str(&self, s: &str) -> std::io::Result<()> {
        self.0.write_str(s)
    }

    fn clear_line(&self) -> std::io::Result<()> {
        self.0.clear_line()
    }

    fn flush(&self) -> std::io::Result<()> {
        self.0.flush()
    }
}
