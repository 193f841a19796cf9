//! Brian2's conformance cases run unchanged through `spikelift run`, each in a fresh
//! temporary directory, compared with Brian2's reference output by the case's own
//! header policy (the Rust port of `compare.py` in `common::conformance`).
//!
//! Every case runs; the cases listed in `tests/data/conformance_expected_pass.txt`
//! must pass. Prints `N passed, M failed` like `run_conformance.sh`.

mod common;

use common::conformance::{
    candidate_error_text, case_names, case_script, compare_case, reference_path,
};
use std::path::{Path, PathBuf};
use std::process::Command;

fn expected_passes() -> Vec<String> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/conformance_expected_pass.txt");
    let text = std::fs::read_to_string(&path)
        .expect("the list of expected passes is part of the repository");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// Run one case; returns (passed, report lines).
fn run_case(name: &str, work: &Path) -> (bool, Vec<String>) {
    let dir = work.join(name);
    std::fs::create_dir_all(&dir).expect("temporary directory");
    let script = case_script(name);
    let local = dir.join(format!("{name}.py"));
    std::fs::copy(&script, &local).expect("copy the case script");
    let output = Command::new(env!("CARGO_BIN_EXE_spikelift"))
        .arg("run")
        .arg(format!("{name}.py"))
        .current_dir(&dir)
        .output()
        .expect("start spikelift");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let code = output.status.code().unwrap_or(-1);
    let npz = dir.join("out.npz");
    let candidate = if code == 0 && npz.exists() {
        npz
    } else {
        let err = dir.join("cand.error.txt");
        std::fs::write(&err, candidate_error_text(code, &text, 600))
            .expect("write the candidate error");
        err
    };
    let report = compare_case(&script, &reference_path(name), &candidate);
    let mut lines = report.lines.clone();
    if !report.passed && code != 0 {
        lines.extend(text.lines().take(8).map(|l| format!("    | {l}")));
    }
    (report.passed, lines)
}

#[test]
fn conformance_cases() {
    let work = std::env::temp_dir().join(format!("spikelift-conformance-{}", std::process::id()));
    let expected = expected_passes();
    let names = case_names();
    for e in &expected {
        assert!(
            names.contains(e),
            "the expected-pass list names '{e}', which is not a case"
        );
    }
    let (mut passed, mut failed) = (0, 0);
    let mut regressions = Vec::new();
    for name in &names {
        let (ok, lines) = run_case(name, &work);
        if ok {
            passed += 1;
            println!("PASS {name}");
        } else {
            failed += 1;
            println!("FAIL {name}");
            for l in lines.iter().filter(|l| !l.starts_with("ok ")) {
                println!("    {l}");
            }
            if expected.contains(name) {
                regressions.push(name.clone());
            }
        }
    }
    let _ = std::fs::remove_dir_all(&work);
    println!("conformance: {passed} passed, {failed} failed");
    assert!(
        passed >= expected.len(),
        "fewer cases passed than are expected to"
    );
    assert!(
        regressions.is_empty(),
        "expected to pass but failed: {regressions:?}"
    );
}

/// The scripts of `tests/data/brian2` (each with Brian2's `<name>.npz`).
const BRIAN2_REFERENCES: &[&str] = &["refractory_network"];

/// Project references (`tests/data/brian2`) whose every array must equal Brian2's,
/// element by element, to 1e-9 relative.
const BRIAN2_ARRAY_REFERENCES: &[&str] = &[
    "rate_analysis",
    "monitor_schedule",
    "shared_run_regularly",
    "clocks_and_subgroups",
    "units_free",
    "event_schedule",
    "start_scope",
    "tutorial_neurons",
    "tutorial_simulations",
    "synapses_run_regularly",
    "synapses_dt",
    "equations_objects",
    "summed_subgroup",
    "synapse_views",
    "single_neuron_subgroup",
    "numpy_axis",
    "exact_changing_coefficients",
    "summed_target_monitor",
];

type NpzMap = std::collections::BTreeMap<String, spikelift::io::NpyArray>;

/// Run `tests/data/brian2/{case}.py` with spikelift: (Brian2's output, spikelift's).
fn run_project_reference(case: &str) -> (NpzMap, NpzMap) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/brian2");
    let work = std::env::temp_dir().join(format!(
        "spikelift-brian2-refs-{case}-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&work).expect("work dir");
    std::fs::copy(dir.join(format!("{case}.py")), work.join("script.py")).expect("copy");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_spikelift"))
        .args(["run", "script.py"])
        .current_dir(&work)
        .output()
        .expect("run spikelift");
    assert!(
        out.status.success(),
        "{case}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let want = spikelift::io::read_npz_map(dir.join(format!("{case}.npz"))).expect("ref");
    let got = spikelift::io::read_npz_map(work.join("out.npz")).expect("out");
    let _ = std::fs::remove_dir_all(&work);
    (want, got)
}

/// Brian2 behaviours pinned by the project's own Brian2 references: every array
/// the same shape and values.
#[test]
fn brian2_array_references_of_project_tests() {
    for case in BRIAN2_ARRAY_REFERENCES {
        let (want, got) = run_project_reference(case);
        for (key, w) in &want {
            let g = got
                .get(key)
                .unwrap_or_else(|| panic!("{case}: '{key}' missing"));
            assert_eq!(w.shape, g.shape, "{case}: shape of '{key}'");
            for (k, (a, b)) in w
                .data
                .to_f64_vec()
                .iter()
                .zip(g.data.to_f64_vec())
                .enumerate()
            {
                assert!(
                    (a - b).abs() <= 1e-9 * a.abs().max(1e-3),
                    "{case}: '{key}'[{k}] is {b}, Brian2 gives {a}"
                );
            }
        }
    }
}

/// Brian2 behaviours pinned by the project's own Brian2 references
/// (`tests/data/brian2`): the same spikes, exactly.
#[test]
fn brian2_references_of_project_tests() {
    for case in BRIAN2_REFERENCES {
        let (want, got) = run_project_reference(case);
        let spikes = |m: &std::collections::BTreeMap<String, spikelift::io::NpyArray>| {
            let i = m["i"].to_f64_vec();
            let t = m["t"].to_f64_vec();
            let mut s: Vec<(i64, i64)> = i
                .iter()
                .zip(&t)
                .map(|(i, t)| ((t * 10.0).round() as i64, *i as i64))
                .collect();
            s.sort_unstable();
            s
        };
        assert_eq!(
            want["n"].to_f64_vec(),
            got["n"].to_f64_vec(),
            "{case}: synapse counts"
        );
        let (w, g) = (spikes(&want), spikes(&got));
        assert!(
            w.len() > 1000,
            "{case}: the reference has {} spikes",
            w.len()
        );
        assert_eq!(w, g, "{case}: spikes differ from Brian2's");
    }
}
