//! The `spikelift` command on scripts: successful runs write files NumPy reads, bad
//! scripts exit non-zero with a message naming the line, and nothing panics. The REPL
//! core (`Session::feed`) is driven with transcripts.

use spikelift::io::read_npz_map;
use spikelift::script::run::{Feed, Session};
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Mutex};

fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("spikelift-scripts-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Run `spikelift <cmd> script.py` on `src` in a fresh directory: (exit code, stdout, stderr, dir).
fn run(cmd: &str, name: &str, src: &str) -> (i32, String, String, PathBuf) {
    let dir = workdir(name);
    std::fs::write(dir.join("script.py"), src).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_spikelift"))
        .args([cmd, "script.py"])
        .current_dir(&dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
        dir,
    )
}

fn assert_fails_at(name: &str, src: &str, line: usize, needle: &str) {
    let (code, _, err, dir) = run("run", name, src);
    assert_ne!(code, 0, "{name}: must fail");
    assert!(!err.contains("panicked"), "{name}: panicked:\n{err}");
    assert!(
        err.contains(&format!("script.py:{line}:")),
        "{name}: the message must name line {line}:\n{err}"
    );
    assert!(
        err.contains(needle),
        "{name}: the message must mention '{needle}':\n{err}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_script_runs_and_writes_an_npz_numpy_can_read() {
    let src = "from brian2 import *\nimport numpy as np\ntau = 10*ms\nG = NeuronGroup(3, 'dv/dt = (1.2 - v)/tau : 1', threshold='v > 1', reset='v = 0', method='exact')\nG.v = 'i*0.3'\nS = SpikeMonitor(G)\nrun(50*ms)\nprint(S.num_spikes)\nnp.savez('out.npz', i=np.array(S.i), t=S.t/ms, v=G.v)\n";
    let (code, out, err, dir) = run("run", "ok", src);
    assert_eq!(code, 0, "{err}");
    let n: usize = out.trim().parse().unwrap();
    let arrays = read_npz_map(dir.join("out.npz")).unwrap();
    assert_eq!(arrays["i"].len(), n);
    assert_eq!(arrays["t"].len(), n);
    assert_eq!(arrays["v"].shape, vec![3]);
    // The first spike of neuron 2 (v0 = 0.6): tau*ln((1.2-0.6)/(1.2-1)) = 10.99 ms, on the 0.1 ms grid.
    let t = arrays["t"].to_f64_vec();
    let i = arrays["i"].to_f64_vec();
    let first2 = i
        .iter()
        .zip(&t)
        .find(|(i, _)| **i == 2.0)
        .map(|(_, t)| *t)
        .unwrap();
    assert!((first2 - 10.9).abs() < 1e-9, "{first2}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn syntax_error_names_the_line() {
    assert_fails_at(
        "syntax",
        "from brian2 import *\nx = (1 +\ny = 2\n",
        2,
        "was never closed",
    );
}

#[test]
fn unknown_name_is_a_name_error() {
    assert_fails_at(
        "name",
        "from brian2 import *\nx = 1\nrun(tau)\n",
        3,
        "name 'tau' is not defined",
    );
}

#[test]
fn wrong_keyword_argument_suggests_the_right_one() {
    assert_fails_at(
        "keyword",
        "from brian2 import *\nG = NeuronGroup(1, 'v : 1', treshold='v > 1')\n",
        2,
        "did you mean 'threshold'",
    );
}

#[test]
fn unit_mismatch_inside_an_equation_string_points_into_the_string() {
    let src = "from brian2 import *\ntau = 10*ms\neqs = '''\ndv/dt = -v/tau + 1*mV : volt\n'''\nG = NeuronGroup(1, eqs)\nrun(1*ms)\n";
    let (code, _, err, dir) = run("run", "units", src);
    assert_ne!(code, 0);
    assert!(err.contains("DimensionMismatchError"), "{err}");
    // The span is mapped from the equation string back to line 4 of the script.
    assert!(err.contains("script.py:4:"), "{err}");
    assert!(err.contains("dv/dt = -v/tau + 1*mV : volt"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn unsupported_construct_is_named() {
    assert_fails_at(
        "def",
        "from brian2 import *\n\ndef f(x):\n    return x\n",
        3,
        "`def` is not supported",
    );
    assert_fails_at(
        "lambda",
        "from brian2 import *\nf = lambda x: x\n",
        2,
        "`lambda` is not supported",
    );
    assert_fails_at(
        "while",
        "x = 0\nwhile x < 3:\n    x += 1\n",
        2,
        "`while` is not supported",
    );
}

#[test]
fn missing_file_is_a_clear_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_spikelift"))
        .args(["run", "/nonexistent/model.py"])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("/nonexistent/model.py") && err.contains("cannot read"),
        "{err}"
    );
}

#[test]
fn check_reports_model_errors_without_running() {
    let (code, out, err, dir) = run(
        "check",
        "check_ok",
        "from brian2 import *\nG = NeuronGroup(2, 'dv/dt = -v/(5*ms) : 1')\nrun(1000*second)\n",
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("no problems found"));
    let _ = std::fs::remove_dir_all(dir);
    let (code, _, err, dir) = run(
        "check",
        "check_bad",
        "from brian2 import *\nG = NeuronGroup(2, 'dv/dt = -v/(5*ms) : 1', threshold='v + 1')\nrun(1*ms)\n",
    );
    assert_ne!(code, 0);
    assert!(
        err.contains("TypeError") && err.contains("boolean"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn check_reports_the_problems_of_every_group() {
    let src = "from brian2 import *\nG = NeuronGroup(2, 'dv/dt = -v/tau_a : 1')\nH = NeuronGroup(2, 'dw/dt = -w : volt')\nrun(1*ms)\n";
    let (code, _, err, dir) = run("check", "check_all", src);
    assert_ne!(code, 0);
    assert!(err.contains("tau_a"), "the first group's problem: {err}");
    assert!(
        err.contains("DimensionMismatchError"),
        "the second group's problem: {err}"
    );
    assert!(err.matches("script.py:").count() >= 2, "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<String>>>);

impl spikelift::script::run::Output for Captured {
    fn line(&mut self, text: &str) {
        self.0.lock().unwrap().push(text.to_string());
    }
}

#[test]
fn repl_session_transcript() {
    let captured = Captured::default();
    let mut s = Session::new(Box::new(captured.clone()));
    assert_eq!(s.feed("from brian2 import *"), Feed::Done(None));
    assert_eq!(s.feed("eqs = '''"), Feed::NeedMore);
    assert_eq!(s.feed("dv/dt = (2 - v)/(10*ms) : 1"), Feed::NeedMore);
    assert_eq!(s.feed("'''"), Feed::Done(None));
    assert_eq!(
        s.feed("G = NeuronGroup(2, eqs, threshold='v > 1', reset='v = 0', method='exact')"),
        Feed::Done(None)
    );
    assert_eq!(
        s.feed("M = StateMonitor(G, 'v', record=True)"),
        Feed::Done(None)
    );
    assert_eq!(s.feed("run(10*ms)"), Feed::Done(None));
    assert_eq!(
        s.feed("M.t[-1]"),
        Feed::Done(Some("9.9 * msecond".to_string()))
    );
    assert_eq!(s.feed("for k in range(2):"), Feed::NeedMore);
    assert_eq!(s.feed("    print(k, len(M.t))"), Feed::NeedMore);
    assert_eq!(s.feed(""), Feed::Done(None));
    assert_eq!(
        *captured.0.lock().unwrap(),
        vec!["0 100".to_string(), "1 100".to_string()]
    );
    match s.feed("G.v = 3*mV") {
        Feed::Error(e) => assert!(e.contains("DimensionMismatchError"), "{e}"),
        other => panic!("{other:?}"),
    }
    // The session goes on after an error, with its state intact.
    assert_eq!(s.feed("run(5*ms)"), Feed::Done(None));
    assert_eq!(s.feed("len(M.t)"), Feed::Done(Some("150".to_string())));
}

#[test]
fn synapse_errors_name_the_line_and_the_code() {
    let head = "from brian2 import *\nG = NeuronGroup(3, 'v : volt', threshold='v > 1*volt')\n";
    assert_fails_at(
        "syn_unknown",
        &format!(
            "{head}S = Synapses(G, G, 'w : volt', on_pre='u_post += w')\nS.connect()\nrun(1*ms)\n"
        ),
        3,
        "u_post",
    );
    assert_fails_at(
        "syn_units",
        &format!("{head}S = Synapses(G, G, 'w : 1', on_pre='v += w')\nS.connect()\nrun(1*ms)\n"),
        3,
        "DimensionMismatchError",
    );
    assert_fails_at(
        "syn_range",
        &format!("{head}S = Synapses(G, G)\nS.connect(i=[0, 1], j=[2, 3])\n"),
        4,
        "postsynaptic index 3 is out of range",
    );
    assert_fails_at(
        "syn_p",
        &format!("{head}S = Synapses(G, G)\nS.connect(p=1.5)\n"),
        4,
        "between 0 and 1",
    );
    assert_fails_at(
        "syn_delay",
        &format!("{head}S = Synapses(G, G, on_pre='v += 1*mV')\nS.connect()\nS.delay = '-i*ms'\n"),
        5,
        "non-negative",
    );
    assert_fails_at(
        "syn_summed",
        &format!("{head}S = Synapses(G, G, 'I_post = 1*nA : amp (summed)')\n"),
        3,
        "does not have",
    );
    assert_fails_at(
        "syn_no_spikes",
        "from brian2 import *\nG = NeuronGroup(3, 'v : 1')\nS = Synapses(G, G, on_pre='v += 1')\n",
        3,
        "does not define an event 'spike'",
    );
}

#[test]
fn synapse_script_matches_hand_computed_values() {
    let src = "from brian2 import *
import numpy as np
inp = SpikeGeneratorGroup(2, [0, 1], [1, 2]*ms)
G = NeuronGroup(3, 'v : 1')
S = Synapses(inp, G, 'w : 1', on_pre={'fast': 'v += w', 'slow': 'v *= 2'}, delay={'slow': 2*ms})
S.connect(j='k for k in range(i, i+2)')
S.w = 'i + j*0.5'
S.w[1, 2] = 10
run(5*ms)
np.savez('out.npz', v=G.v[:], i=np.array(S.i), j=np.array(S.j), w=S.w[:], sel=S.w['j > i'])
";
    let (code, _, err, dir) = run("run", "syn_values", src);
    assert_eq!(code, 0, "{err}");
    let out = read_npz_map(dir.join("out.npz")).unwrap();
    let get = |k: &str| out[k].to_f64_vec();
    assert_eq!(get("i"), [0.0, 0.0, 1.0, 1.0]);
    assert_eq!(get("j"), [0.0, 1.0, 1.0, 2.0]);
    assert_eq!(get("w"), [0.0, 0.5, 1.5, 10.0]);
    assert_eq!(get("sel"), [0.5, 10.0]);
    // Neuron 0: +0 at 1 ms, doubled at 3 ms. Neuron 1: +0.5 at 1 ms, +1.5 at 2 ms, doubled
    // at 3 ms (from neuron 0) and at 4 ms (from neuron 1). Neuron 2: +10, doubled once.
    assert_eq!(get("v"), [0.0, 8.0, 20.0]);
}

#[test]
fn the_network_toolbox_in_scripts() {
    let src = r#"from brian2 import *
import numpy as np
G = NeuronGroup(3, '''dv/dt = (I - v)/(10*ms) : volt
I : volt''', method='exact')
G.I = 'i*10*mV'
st = G.get_states()
print(st['I'], st['N'])
print(G.get_states(['I'], units=False)['I'])
print('I' in G.variables)
G[1:3].set_states({'v': [2, 3]*mV})
G.set_states({'I': np.array([0.001, 0.002, 0.003])}, units=False)
print(G.v, G.I)
P = PoissonGroup(2, 1000*Hz, dt=1*ms, when='start', order=1)
S = SpikeMonitor(P)
M = StateMonitor(G, 'v', record=[0])
print(scheduling_summary())
run(3*ms, profile=True)
M.record_single_timestep()
print(len(M.t), S.num_spikes)
print(profiling_summary())
net = Network(G, M)
net.remove(M)
print(net.scheduling_summary())
"#;
    let (code, out, err, dir) = run("run", "toolbox", src);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "[ 0. 10. 20.] mV 3");
    assert_eq!(lines[1], "[0.   0.01 0.02]");
    assert_eq!(lines[2], "True");
    assert_eq!(lines[3], "[0. 2. 3.] mV [1. 2. 3.] mV");
    assert!(
        lines[4].contains("object") && lines[4].contains("when"),
        "{out}"
    );
    assert!(
        out.contains("poissongroup_spike_thresholder | 1. ms (every 10 steps) | start"),
        "{out}"
    );
    assert!(out.contains("31 6\n"), "{out}");
    assert!(
        out.contains("Profiling summary\n=================\n"),
        "{out}"
    );
    let last: Vec<&str> = out.lines().rev().take(2).collect();
    assert!(last[0].starts_with("neurongroup_stateupdater"), "{out}");
    assert!(
        !out.rsplit("=================")
            .next()
            .unwrap_or("")
            .contains("| start"),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn network_schedule_is_read_and_set() {
    let src = "from brian2 import *
import numpy as np
G = NeuronGroup(1, 'v : 1')
net = Network(G)
order = net.schedule
net.schedule = ['start', 'groups', 'thresholds', 'resets', 'synapses', 'end']
np.savez('out.npz', n=np.array([len(order), len(net.schedule)]))
";
    let (code, _, err, dir) = run("run", "schedule", src);
    assert_eq!(code, 0, "{err}");
    let out = read_npz_map(dir.join("out.npz")).unwrap();
    assert_eq!(out["n"].to_f64_vec(), [6.0, 6.0]);
    assert_fails_at(
        "schedule_bad",
        "from brian2 import *\nnet = Network()\nnet.schedule = ['start', 'middle']\n",
        3,
        "'middle' is not a schedule slot",
    );
}

#[test]
fn sorted_orders_strings_by_text_and_refuses_mixtures() {
    let (code, out, err, _) = run(
        "run",
        "sorted",
        "d = {'b': 1, 'a': 2, 'c': 3}\nprint(sorted(d.keys()))\nprint(sorted([3, 1.5, 2]))\n",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "['a', 'b', 'c']\n[1.5, 2, 3]\n");
    assert_fails_at("sorted_mixed", "print(sorted(['a', 1]))\n", 1, "TypeError");
}

#[test]
fn brian2_objects_print_with_their_kind_name_and_size() {
    let (code, out, err, _) = run(
        "run",
        "print_objects",
        "from brian2 import *\nG = NeuronGroup(3, 'v : 1', threshold='v > 1')\nS = Synapses(G, G, 'w : 1', on_pre='v += w')\nS.connect(j='i')\nprint(S)\nprint(G)\n",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "<Synapses 'synapses' with 3 synapses>\n<NeuronGroup 'neurongroup' with 3 neurons>\n"
    );
}

#[test]
fn integer_and_boolean_arrays_print_like_numpy() {
    let (code, out, err, _) = run(
        "run",
        "print_int_arrays",
        "import numpy as np\nprint(np.arange(3))\nprint(np.array([[1, 2], [3, 4]]))\nprint(np.arange(3) > 0)\n",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "[0 1 2]\n[[1 2]\n [3 4]]\n[False  True  True]\n");
}

#[test]
fn explicit_networks_keep_their_own_time_and_restore_their_own_objects() {
    // Values from Brian2 2.11 on the same script.
    let src = "from brian2 import *
import numpy as np
G = NeuronGroup(1, 'dv/dt = 1/ms : 1')
H = NeuronGroup(1, 'dv/dt = 1/ms : 1')
M = StateMonitor(H, 'v', record=0)
n1 = Network(G)
n2 = Network(H, M)
n1.run(2*ms)
n2.store()
n2.run(1*ms)
n1.run(1*ms)
n2.restore()
n2.run(0.5*ms)
np.savez('out.npz', t=np.array([n1.t/ms, n2.t/ms]), v=np.array([G.v[0], H.v[0]]), n=np.array([len(M.t)]))
";
    let (code, _, err, dir) = run("run", "networks", src);
    assert_eq!(code, 0, "{err}");
    let out = read_npz_map(dir.join("out.npz")).unwrap();
    assert_eq!(out["t"].to_f64_vec(), [3.0, 0.5]);
    let v = out["v"].to_f64_vec();
    assert!(
        (v[0] - 3.0).abs() < 1e-9 && (v[1] - 0.5).abs() < 1e-9,
        "{v:?}"
    );
    assert_eq!(out["n"].to_f64_vec(), [5.0]);
}

#[test]
fn rate_analysis_errors_name_the_line() {
    let head = "from brian2 import *\nG = SpikeGeneratorGroup(2, [0, 1], [0, 1]*ms)\nR = PopulationRateMonitor(G)\nS = SpikeMonitor(G, record=False)\nrun(2*ms)\n";
    for (name, call, needle) in [
        ("bin", "R.binned_rate(0.15*ms)", "multiple of dt"),
        ("even", "R.smooth_rate(np.array([1, 2]))", "odd number"),
        ("width", "R.smooth_rate('flat')", "Need a width"),
        (
            "both",
            "R.smooth_rate([1, 2, 1], width=1*ms)",
            "only specify a width",
        ),
        ("twod", "R.smooth_rate(np.ones((3, 3)))", "one-dimensional"),
        ("unit", "R.binned_rate(1*mV)", "bin_size must be a time"),
        ("norecord", "S.binned_rate(1*ms)", "record=False"),
        ("novar", "S.values('v')", "record=False"),
    ] {
        let src = format!("import numpy as np\n{head}{call}\n");
        assert_fails_at(&format!("rates-{name}"), &src, 7, needle);
    }
}

#[test]
fn a_poisson_group_takes_a_shared_clock() {
    let src = "from brian2 import *\nseed(1)\nc = Clock(dt=0.5*ms)\nP = PoissonGroup(100, 200*Hz, clock=c)\nS = SpikeMonitor(P)\nrun(20*ms)\nsteps = S.t / (0.5*ms)\nprint(S.num_spikes > 300, abs(steps - np.round(steps)).max() < 1e-9)\n";
    let (code, out, err, dir) = run(
        "run",
        "poisson-clock",
        &format!("import numpy as np\n{src}"),
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "True True");
    let _ = std::fs::remove_dir_all(dir);
    assert_fails_at(
        "poisson-clock-and-dt",
        "from brian2 import *\nc = Clock(dt=0.5*ms)\nP = PoissonGroup(2, 5*Hz, dt=0.1*ms, clock=c)\n",
        3,
        "either a dt or a clock",
    );
}

#[test]
fn monitor_names_and_slots_are_checked() {
    let head = "from brian2 import *\nG = NeuronGroup(2, 'v : 1', threshold='v > 1')\n";
    for (name, line, needle) in [
        (
            "order",
            "S = SpikeMonitor(G, order=2)",
            "order if when is not specified",
        ),
        (
            "slot",
            "S = SpikeMonitor(G, when='later')",
            "unknown schedule slot 'later'",
        ),
        (
            "taken",
            "S = StateMonitor(G, 'v', record=True, name='neurongroup')",
            "named 'neurongroup' already exists",
        ),
    ] {
        assert_fails_at(
            &format!("monitor-{name}"),
            &format!("{head}{line}\n"),
            3,
            needle,
        );
    }
}

#[test]
fn writes_to_shared_variables_follow_brian2s_rules() {
    let head = "from brian2 import *\nG = NeuronGroup(2, 'v : 1\\ng : 1 (shared)\\ntmp : 1', threshold='v > 1')\n";
    for (name, line, needle) in [
        (
            "reset",
            "H = NeuronGroup(2, 'v : 1\\nc : 1 (shared)', threshold='v > 1', reset='v = 0; c += 1')",
            "Writing to scalar variable c not allowed in this context",
        ),
        (
            "order",
            "G.run_regularly('v = 1; g = 2')",
            "All writes to scalar variables in a code block have to be made before writes to vector variables. Illegal write to 'g'",
        ),
        (
            "vector",
            "G.run_regularly('g = v')",
            "Cannot write to scalar variable 'g' with an expression referring to vector variable 'v'",
        ),
        (
            "event",
            "G.run_on_event('spike', 'g += 1')",
            "Writing to scalar variable g not allowed",
        ),
        (
            "stale",
            "G.run_regularly('h = g\\ng = 2*g\\nv = h')",
            "the temporary 'h' is used after a shared variable it reads was written",
        ),
    ] {
        // a code string with escaped newlines is reported at the line that runs it
        let line_no = 3 + line.matches('\n').count() + usize::from(name == "stale");
        assert_fails_at(
            &format!("shared-{name}"),
            &format!("{head}{line}\nrun(1*ms)\n"),
            line_no,
            needle,
        );
    }
}

#[test]
fn restored_trials_draw_new_numbers_unless_the_random_state_is_restored() {
    let src = "from brian2 import *\nseed(3)\nP = PoissonGroup(200, 100*Hz)\nS = SpikeMonitor(P)\nstore()\ncounts = []\nfor k in range(3):\n    restore()\n    run(20*ms)\n    counts.append(S.num_spikes)\nrestore(restore_random_state=True)\nrun(20*ms)\nfirst = S.num_spikes\nrestore('default', restore_random_state=True)\nrun(20*ms)\nprint(counts[0] != counts[1] and counts[1] != counts[2], first == S.num_spikes)\n";
    let (code, out, err, dir) = run("run", "restore-random", src);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "True True");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn collect_gathers_the_scripts_objects_for_a_network() {
    let src = "from brian2 import *\nG = NeuronGroup(3, 'dv/dt = 1/ms : 1', threshold='v > 1', reset='v = 0', method='euler')\nM = StateMonitor(G, 'v', record=True)\nS = SpikeMonitor(G)\nH = NeuronGroup(1, 'dw/dt = 1/ms : 1', method='euler')\nobjs = collect()\nnet = Network(objs)\nnet.run(2.5*ms)\nprint(len(objs), len(M.t), S.num_spikes, H.w[0] > 2)\n";
    let (code, out, err, dir) = run("run", "collect", src);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "4 25 6 True");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn objects_are_switched_off_and_on_with_active() {
    let src = "from brian2 import *\nG = NeuronGroup(2, 'dv/dt = (1.5 - v)/(5*ms) : 1', threshold='v > 1', reset='v = 0', method='exact')\nS = SpikeMonitor(G)\nM = StateMonitor(G, 'v', record=0)\nrun(5*ms)\nM.active = False\nrun(5*ms)\nM.active = True\nG.active = False\nrun(5*ms)\nprint(len(M.t), M.active, G.active, S.num_spikes)\nG.active = 'yes'\n";
    let (code, out, err, dir) = run("run", "active", src);
    assert_eq!(code, 0, "{err}");
    // as Brian2 2.11: 100 samples, and one spike per neuron (at 5.5 ms; the next,
    // at 11 ms, falls after the group was switched off)
    assert_eq!(out.trim(), "100 True False 2");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn timed_arrays_take_arrays_of_times_and_indices_in_scripts() {
    let src = "from brian2 import *\nimport numpy as np\nta = TimedArray([1, 2, 3]*mV, dt=1*ms)\ntb = TimedArray(np.array([[1, 2], [3, 4], [5, 6]]), dt=1*ms)\nprint(ta([0.5, 2.5, 7]*ms)/mV, tb([0.5, 1.5]*ms, [1, 0]), tb(2*ms, np.array([0, 1])), tb([0, 1, 2]*ms, 1))\n";
    let (code, out, err, dir) = run("run", "ta-arrays", src);
    assert_eq!(code, 0, "{err}");
    // Brian2 2.11's output
    assert_eq!(out.trim(), "[1. 3. 3.] [2. 3.] [5. 6.] [2. 4. 6.]");
    let _ = std::fs::remove_dir_all(dir);
    assert_fails_at(
        "ta-broadcast",
        "from brian2 import *\ntb = TimedArray([[1, 2], [3, 4]], dt=1*ms)\nx = tb([0, 1, 2]*ms, [0, 1])\n",
        3,
        "could not be broadcast",
    );
}

#[test]
fn what_brian2_refuses_is_refused() {
    for (name, src, line, needle) in [
        (
            "const-e",
            "from brian2 import *\nG = NeuronGroup(2, 'e : 1')\nrun(1*ms)\n",
            2,
            "'e' is the name of a constant, cannot be used as a variable name.",
        ),
        (
            "rate-no-threshold",
            "from brian2 import *\nG = NeuronGroup(2, 'v : 1')\nR = PopulationRateMonitor(G)\n",
            3,
            "has no threshold",
        ),
        (
            "shared-post-write",
            "from brian2 import *\nG = NeuronGroup(2, 'v : 1\\ns : 1 (shared)', threshold='v > 1')\nS = Synapses(G, G, on_pre='s_post += 1')\nS.connect()\nrun(1*ms)\n",
            3,
            "Writing to scalar variable s_post not allowed in this context.",
        ),
        (
            "summed-event-driven",
            "from brian2 import *\nG = NeuronGroup(3, 'I : 1')\nS = Synapses(G, G, '''dx/dt = -x/ms : 1 (event-driven)\nI_post = x : 1 (summed)''')\nS.connect()\nrun(1*ms)\n",
            4,
            "The summed 'I_post' should not depend on the event-driven variable 'x'.",
        ),
        (
            "set-before-connect",
            "from brian2 import *\nG = NeuronGroup(3, 'v : 1')\nS = Synapses(G, G, 'w : 1')\nS.w = 1\n",
            4,
            "Cannot write to synaptic variable 'w', you need to call connect(...) first",
        ),
        (
            "network-dependency",
            "from brian2 import *\nG = NeuronGroup(2, 'v : 1', threshold='v > 1')\nH = NeuronGroup(2, 'v : 1')\nS = Synapses(G, H, on_pre='v += 1')\nS.connect()\nnet = Network(G, S)\nnet.run(1*ms)\n",
            7,
            "'synapses' has been included in the network but not the object on which it depends.",
        ),
    ] {
        assert_fails_at(name, src, line, needle);
    }
}

#[test]
fn synaptic_delays_are_per_synapse_unless_given_as_one_value() {
    let src = "from brian2 import *\nimport numpy as np\nG = NeuronGroup(3, 'v : 1', threshold='v > 1')\nS = Synapses(G, G, on_pre='v += 1')\nS.connect()\nT = Synapses(G, G, on_pre='v += 1', delay=2*ms)\nT.connect()\nprint(np.array(S.delay).shape, np.array(T.delay).shape)\nS.delay = 1*ms\nprint(np.array(S.delay).shape, T.delay)\nT.delay = 3*ms\nT.delay = '(i + 1)*ms'\n";
    let (code, out, err, dir) = run("run", "delay-shapes", src);
    assert_ne!(code, 0);
    // as Brian2 2.11: a per-synapse delay stays an array after a scalar assignment
    assert_eq!(out.trim(), "(9,) ()\n(9,) 2. ms");
    assert!(err.contains("script.py:12:"), "{err}");
    assert!(err.contains("can only be set to one value"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_summed_variable_reads_as_its_target() {
    let src = "from brian2 import *\nG = NeuronGroup(2, 'dv/dt = 1/(10*ms) : 1', threshold='v>1', reset='v=0', method='euler')\nH = NeuronGroup(1, 'g : 1')\nS = Synapses(G, H, '''w : 1\n                     g_post = w*v_pre : 1 (summed)''')\nS.connect()\nS.w = [1, 2]\nrun(1*ms)\nprint(S.g_post[:], H.g[:])\n";
    let (code, out, err, dir) = run("run", "summed-view", src);
    assert_eq!(code, 0, "{err}");
    // Brian2 2.11: the postsynaptic neuron's sum for every synapse
    assert_eq!(out.trim(), "[0.27 0.27] [0.27]");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn print_takes_sep_and_end() {
    let src = "for k in range(3):\n    print(k, end='')\nprint()\nprint('a', 'b', sep='-')\nprint('x', end=' ')\nprint('y')\n";
    let (code, out, err, dir) = run("run", "print-end", src);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "012\na-b\nx y\n");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn synapse_indices_and_delays_select_by_pre_and_post_neuron() {
    let src = "from brian2 import *\nG = NeuronGroup(3, 'v : 1', threshold='v > 1')\nH = NeuronGroup(4, 'v : 1')\nS = Synapses(G, H, on_pre='v += 1')\nS.connect()\nS.delay = 'j*ms'\nprint(S.i[:, 2], S.j[1, :], S.delay[1, [0, 3]])\n";
    let (code, out, err, dir) = run("run", "synapse-ij", src);
    assert_eq!(code, 0, "{err}");
    // Brian2 2.11's output
    assert_eq!(out.trim(), "[0 1 2] [0 1 2 3] [0. 3.] ms");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn arrays_beyond_memory_are_memory_errors_not_aborts() {
    for (name, line) in [
        ("bincount", "x = np.bincount(np.array([1e300]))"),
        ("uniform", "x = np.random.uniform(size=(100000, 100000))"),
        ("rand", "x = np.random.rand(100000, 100000)"),
        ("zeros", "x = np.zeros((4294967296, 4294967296))"),
        (
            "histogram",
            "x = np.histogram(np.array([1.0]), bins=10000000000)",
        ),
        ("linspace", "x = np.linspace(0, 1, 10000000000)"),
    ] {
        assert_fails_at(
            &format!("memory-{name}"),
            &format!("import numpy as np\n{line}\n"),
            2,
            "MemoryError",
        );
    }
}
