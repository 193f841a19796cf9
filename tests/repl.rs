//! The interactive side of spikelift.
//!
//! * Stopping a run through `Network::stop_flag` at the API level: set before the run,
//!   or from inside a progress report (on another thread's behalf); the time reached,
//!   the monitors' data up to there, the cleared flag, and a continued run that is
//!   bitwise identical to an uninterrupted one, with two clocks.
//! * Progress reports (`Network::run_reporting`).
//! * `spikelift repl` driven through a pseudo-terminal (tmux): define a group, run,
//!   print a monitor value, Tab completion, start a long run, Ctrl-C it, see
//!   `KeyboardInterrupt: run stopped at t = ...`, and go on in the same session.

use spikelift::Error;
use spikelift::prelude::*;
use std::process::Command;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// Two groups on different clocks (0.1 ms and 0.3 ms), each recorded.
fn two_clock_network() -> (Network, StateMonitorId, StateMonitorId) {
    let mut net = Network::new();
    let fast = net
        .add(
            NeuronGroup::new(50, "dv/dt = (1.2 - v)/(10*ms) : 1")
                .unwrap()
                .threshold("v > 1")
                .reset("v = 0")
                .method("exact"),
        )
        .unwrap();
    let slow = net
        .add(
            NeuronGroup::new(20, "dw/dt = (2 - w)/(7*ms) : 1")
                .unwrap()
                .method("euler")
                .dt(0.3 * ms),
        )
        .unwrap();
    net.set(fast, "v", "i*0.02").unwrap();
    let mf = net
        .state_monitor(fast, &["v"], StateMonitorOptions::default())
        .unwrap();
    let ms_ = net
        .state_monitor(slow, &["w"], StateMonitorOptions::default())
        .unwrap();
    (net, mf, ms_)
}

#[test]
fn stop_flag_set_before_a_run_stops_it_at_once_and_is_cleared() {
    let mut net = Network::new();
    let g = net
        .add(NeuronGroup::new(3, "dv/dt = (1 - v)/(10*ms) : 1").unwrap())
        .unwrap();
    let m = net
        .state_monitor(g, &["v"], StateMonitorOptions::default())
        .unwrap();
    net.run(2.0 * ms).unwrap();
    net.stop_flag().store(true, Ordering::Relaxed);
    match net.run(5.0 * ms) {
        Err(Error::Interrupted { t }) => assert!((t.value - 2e-3).abs() < 1e-12, "{t}"),
        other => panic!("expected an interruption, got {other:?}"),
    }
    assert!((net.t().value - 2e-3).abs() < 1e-12);
    assert_eq!(net.state_data(m).t().len(), 20);
    assert!(
        !net.stop_flag().load(Ordering::Relaxed),
        "the flag is cleared"
    );
    net.run(1.0 * ms).unwrap();
    assert_eq!(net.state_data(m).t().len(), 30);
    assert!((net.t().value - 3e-3).abs() < 1e-12);
}

#[test]
fn interrupted_and_continued_run_equals_an_uninterrupted_one() {
    let (mut reference, rf, rs) = two_clock_network();
    reference.run(30.0 * ms).unwrap();

    let (mut net, mf, ms_) = two_clock_network();
    let flag = net.stop_flag();
    // Stop from "outside" once about 40% is done: the flag is set by the report
    // callback, which has no access to the network, as a signal handler would.
    let mut reports = Vec::new();
    let res = net.run_reporting(30.0 * ms, None, Duration::ZERO, &mut |p| {
        reports.push(*p);
        if p.completed >= 0.4 {
            flag.store(true, Ordering::Relaxed);
        }
    });
    let t = match res {
        Err(Error::Interrupted { t }) => t.value,
        other => panic!("expected an interruption, got {other:?}"),
    };
    assert!(t > 0.0 && t < 30e-3, "stopped at {t}");
    assert_eq!(net.t().value, t);
    // Every monitor holds exactly the samples before the stop.
    let fast_t = net.state_data(mf).t().si().to_vec();
    let slow_t = net.state_data(ms_).t().si().to_vec();
    assert!(fast_t.iter().all(|x| *x < t) && fast_t.len() as f64 >= (t / 1e-4).floor());
    assert!(slow_t.iter().all(|x| *x < t));
    assert_eq!(fast_t, reference.state_data(rf).t().si()[..fast_t.len()]);
    let last = reports.last().unwrap();
    assert!(last.done && last.completed < 1.0 && reports[0].completed == 0.0);
    assert!(!net.stop_flag().load(Ordering::Relaxed));

    // Continuing to the same end gives bitwise the same data as one run.
    net.run(Quantity::new(30e-3 - t, Dimension::TIME)).unwrap();
    assert!((net.t().value - 30e-3).abs() < 1e-12);
    for (a, b) in [(mf, rf), (ms_, rs)] {
        let (da, db) = (net.state_data(a), reference.state_data(b));
        assert_eq!(da.t().si(), db.t().si());
        let var = da.var_names()[0];
        let (va, vb) = (da.values(var).unwrap(), db.values(var).unwrap());
        let bits = |x: &[f64]| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(va.si()), bits(vb.si()), "{var}");
    }
}

#[test]
fn stop_flag_set_from_another_thread() {
    let mut net = Network::new();
    let g = net
        .add(NeuronGroup::new(100, "dv/dt = (1 - v)/(10*ms) : 1").unwrap())
        .unwrap();
    let m = net
        .state_monitor(g, &["v"], StateMonitorOptions::default())
        .unwrap();
    let flag = net.stop_flag();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(200));
        flag.store(true, Ordering::Relaxed);
    });
    let started = Instant::now();
    let res = net.run(1000.0 * second);
    stopper.join().unwrap();
    let Err(Error::Interrupted { t }) = res else {
        panic!("expected an interruption, got {res:?}");
    };
    assert!(started.elapsed() < Duration::from_secs(60));
    assert!(t.value > 0.0 && t.value < 1000.0);
    let n = net.state_data(m).t().len();
    assert_eq!(n as i64, (t.value / 1e-4).round() as i64);
    assert_eq!(net.get(g, "v").unwrap().len(), 100);
}

#[test]
fn progress_reports_start_periodic_and_end() {
    let mut net = Network::new();
    net.add(NeuronGroup::new(10, "dv/dt = -v/(10*ms) : 1").unwrap())
        .unwrap();
    net.run(1.0 * ms).unwrap();
    let mut reports = Vec::new();
    net.run_reporting(50.0 * ms, None, Duration::ZERO, &mut |p| reports.push(*p))
        .unwrap();
    assert!(reports.len() >= 3, "{reports:?}");
    let first = reports[0];
    assert_eq!((first.completed, first.done), (0.0, false));
    assert!((first.start.value - 1e-3).abs() < 1e-12);
    assert!((first.duration.value - 50e-3).abs() < 1e-12);
    let last = reports.last().unwrap();
    assert_eq!((last.completed, last.done), (1.0, true));
    assert!(
        reports
            .windows(2)
            .all(|w| w[0].completed <= w[1].completed && w[0].elapsed <= w[1].elapsed)
    );
    assert_eq!(reports.iter().filter(|p| p.done).count(), 1);
}

/// A tmux server of this test's own (its own socket), removed when dropped.
struct Tmux {
    socket: String,
    home: std::path::PathBuf,
}

impl Tmux {
    fn cmd(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs")
    }

    /// The whole scrollback, wrapped lines joined.
    fn screen(&self) -> String {
        String::from_utf8_lossy(
            &self
                .cmd(&["capture-pane", "-p", "-J", "-S", "-2000", "-t", "repl"])
                .stdout,
        )
        .into_owned()
    }

    /// Wait until `pred` holds for the screen; panics with the screen after `secs`.
    fn wait(&self, what: &str, secs: u64, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; the screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The number of prompts (`>>> ` at a line start) on the screen.
    fn prompts(&self) -> usize {
        self.screen()
            .lines()
            .filter(|l| l.starts_with(">>> "))
            .count()
    }

    /// Type `line`, press Enter and wait for the next prompt.
    fn line(&self, line: &str, secs: u64) -> String {
        let before = self.prompts();
        self.cmd(&["send-keys", "-t", "repl", "-l", line]);
        self.cmd(&["send-keys", "-t", "repl", "Enter"]);
        self.wait(&format!("the prompt after {line:?}"), secs, |s| {
            s.lines().filter(|l| l.starts_with(">>> ")).count() > before
        })
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.cmd(&["kill-server"]);
        let _ = std::fs::remove_dir_all(&self.home);
    }
}

/// The output between the last two prompts (what the last input printed).
fn last_output(screen: &str) -> String {
    let lines: Vec<&str> = screen.lines().collect();
    let prompts: Vec<usize> = (0..lines.len())
        .filter(|k| lines[*k].starts_with(">>> "))
        .collect();
    let [.., a, b] = prompts.as_slice() else {
        return String::new();
    };
    lines[a + 1..*b].join("\n")
}

#[test]
fn repl_through_a_pseudo_terminal() {
    if Command::new("tmux").arg("-V").output().is_err() {
        println!("NOTICE: tmux is not installed; the pseudo-terminal test of the REPL is skipped");
        return;
    }
    let home = std::env::temp_dir().join(format!("spikelift-repl-{}", std::process::id()));
    std::fs::create_dir_all(&home).unwrap();
    let tmux = Tmux {
        socket: format!("spikelift-test-{}", std::process::id()),
        home: home.clone(),
    };
    let started = tmux.cmd(&[
        "new-session",
        "-d",
        "-s",
        "repl",
        "-x",
        "160",
        "-y",
        "50",
        "-e",
        &format!("HOME={}", home.display()),
        "-c",
        &home.display().to_string(),
        env!("CARGO_BIN_EXE_spikelift"),
        "repl",
    ]);
    assert!(started.status.success(), "{started:?}");
    tmux.wait("the first prompt", 30, |s| {
        s.lines().any(|l| l.starts_with(">>> "))
    });

    tmux.line(
        "G = NeuronGroup(2, 'dv/dt = (1 - v)/(10*ms) : 1', method='exact')",
        60,
    );
    tmux.line("M = StateMonitor(G, 'v', record=0)", 10);
    tmux.line("run(1*ms)", 60);
    let s = tmux.line("print(M.t[-1])", 10);
    assert_eq!(last_output(&s), "0.9 ms", "{s}");
    let s = tmux.line("M.t[:3]", 10);
    assert_eq!(
        last_output(&s),
        "array([  0., 100., 200.]) * usecond",
        "{s}"
    );

    // Tab completes attributes of modules.
    let before = tmux.prompts();
    tmux.cmd(&["send-keys", "-t", "repl", "-l", "np.lins"]);
    tmux.cmd(&["send-keys", "-t", "repl", "Tab"]);
    tmux.wait("the completion", 10, |s| s.contains("np.linspace"));
    tmux.cmd(&["send-keys", "-t", "repl", "-l", "(0, 1, 3)"]);
    tmux.cmd(&["send-keys", "-t", "repl", "Enter"]);
    let s = tmux.wait("the prompt after completion", 10, |s| {
        s.lines().filter(|l| l.starts_with(">>> ")).count() > before
    });
    assert_eq!(last_output(&s), "array([0. , 0.5, 1. ])", "{s}");

    // A long run, stopped with Ctrl-C once it is under way.
    tmux.line(
        "B = NeuronGroup(20000, 'dw/dt = (2 - w)/(5*ms) : 1', method='exact')",
        60,
    );
    let before = tmux.prompts();
    tmux.cmd(&["send-keys", "-t", "repl", "-l", "run(10000*second)"]);
    tmux.cmd(&["send-keys", "-t", "repl", "Enter"]);
    // Runs longer than a second show a progress bar.
    tmux.wait("the progress bar", 60, |s| {
        s.contains("% of 10. ks simulated [")
    });
    tmux.cmd(&["send-keys", "-t", "repl", "C-c"]);
    let s = tmux.wait("the interrupted run", 60, |s| {
        s.lines().filter(|l| l.starts_with(">>> ")).count() > before
    });
    let out = last_output(&s);
    assert!(
        out.contains("KeyboardInterrupt: run stopped at t = "),
        "{s}"
    );
    // The bar is gone.
    assert!(!out.contains("simulated ["), "{s}");

    // The session goes on, with the time reached and the data recorded up to there.
    let s = tmux.line(
        "print(defaultclock.t < 10000*second, defaultclock.t > 1*ms)",
        10,
    );
    assert_eq!(last_output(&s), "True True", "{s}");
    let s = tmux.line(
        "print(len(M.t) == round(defaultclock.t/defaultclock.dt))",
        10,
    );
    assert_eq!(last_output(&s), "True", "{s}");
    tmux.line("t0 = defaultclock.t", 10);
    tmux.line("run(2*ms)", 60);
    let s = tmux.line("print(round((defaultclock.t - t0)/ms, 6))", 10);
    assert_eq!(last_output(&s), "2.0", "{s}");
    let s = tmux.line("help(StateMonitor)", 10);
    assert!(
        last_output(&s).starts_with("StateMonitor(source, variables, record"),
        "{s}"
    );
}
