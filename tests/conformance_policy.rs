//! Meta-tests of the conformance comparer (`tests/common/conformance.rs`, the Rust port
//! of `tests/data/conformance/compare.py`): every case header parses, every reference
//! passes against itself, and perturbed, incomplete or wrong candidates fail, so the
//! harness is shown to be able to fail.

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use common::conformance::*;
use spikelift::io::{NpyArray, NpyData, read_npz, write_npz};

/// A fresh directory for one test.
fn temp_dir(tag: &str) -> PathBuf {
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "conformance_policy-{tag}-{}-{n}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn ref_npz(name: &str) -> PathBuf {
    conformance_dir().join("ref").join(format!("{name}.npz"))
}

/// Writes the reference of `case` with `edit` applied to its arrays as `<dir>/<file>`.
fn edited_candidate(
    dir: &Path,
    file: &str,
    case: &str,
    edit: impl FnOnce(&mut Vec<(String, NpyArray)>),
) -> PathBuf {
    let mut arrays = read_npz(ref_npz(case)).unwrap();
    edit(&mut arrays);
    let path = dir.join(file);
    write_npz(&path, &arrays).unwrap();
    path
}

/// The array called `key`.
fn array<'a>(arrays: &'a mut [(String, NpyArray)], key: &str) -> &'a mut NpyArray {
    &mut arrays
        .iter_mut()
        .find(|(k, _)| k == key)
        .unwrap_or_else(|| panic!("no key {key}"))
        .1
}

/// Changes element `index` (C order) of a float64 array by `f`.
fn change_f64(arrays: &mut [(String, NpyArray)], key: &str, index: usize, f: impl Fn(f64) -> f64) {
    let NpyData::F64(v) = &mut array(arrays, key).data else {
        panic!("{key} is not float64");
    };
    v[index] = f(v[index]);
}

fn compare(case: &str, candidate: &Path) -> CaseReport {
    compare_named_case(case, candidate)
}

/// The report line for `key` (the first line whose second word is `key`).
fn line_for<'a>(report: &'a CaseReport, key: &str) -> &'a str {
    report
        .lines
        .iter()
        .find(|l| l.split_whitespace().nth(1) == Some(key))
        .unwrap_or_else(|| panic!("no line for {key} in\n{report}"))
}

fn non_error_cases() -> Vec<String> {
    case_names()
        .into_iter()
        .filter(|n| !parse_header(&case_script(n)).unwrap().is_error_case())
        .collect()
}

#[test]
fn data_directory_holds_the_cases_and_references() {
    let names = case_names();
    assert!(names.len() >= 29, "only {} cases", names.len());
    for file in ["README.md", "compare.py", "run_conformance.sh"] {
        assert!(conformance_dir().join(file).is_file(), "{file} missing");
    }
    for name in &names {
        assert!(reference_path(name).is_file(), "no reference for {name}");
    }
}

#[test]
fn every_case_header_parses() {
    for name in case_names() {
        let header = parse_header(&case_script(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(header.name, name, "'# case:' differs from the file name");
        assert!(!header.covers.is_empty(), "{name}: empty '# covers:'");
        assert!(header.default.is_some(), "{name}: no default policy");
        // run_conformance.sh picks the reference by grep; it must agree with the header.
        assert_eq!(
            header.is_error_case(),
            is_error_script(&case_script(&name)),
            "{name}: grep and header disagree on the error policy"
        );
        if header.is_error_case() {
            assert!(
                reference_path(&name)
                    .to_string_lossy()
                    .ends_with(".error.txt")
            );
            let script = std::fs::read_to_string(case_script(&name)).unwrap();
            assert!(
                script.contains(MARKER),
                "{name}: error script without the marker"
            );
        }
    }
}

#[test]
fn header_policies_of_known_cases() {
    let h = parse_header(&case_script("ng_lif_basic")).unwrap();
    assert_eq!(h.default.as_ref().unwrap().kind, PolicyKind::Exact);
    assert_eq!(h.default.as_ref().unwrap().text, "exact-spikes");
    let trace = PolicyKind::Trace {
        rtol: 1e-9,
        atol: 1e-9,
    };
    assert_eq!(h.policy_for("v").unwrap().kind, trace);
    assert_eq!(h.policy_for("v_end").unwrap().kind, trace);
    assert_eq!(h.policy_for("spike_t").unwrap().kind, PolicyKind::Exact);

    let h = parse_header(&case_script("net_brunel")).unwrap();
    assert_eq!(h.default.as_ref().unwrap().kind, PolicyKind::Unlisted);
    let keys: Vec<&str> = h.per_key.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["rate", "cv", "n_syn", "pop_rate_std"]);
    let stats = h.policy_for("pop_rate_std").unwrap();
    assert_eq!(
        stats.stats_tol("pop_rate_std"),
        Some(StatsTol { rel: 0.4, abs: 0.0 })
    );
    assert_eq!(
        h.policy_for("sub_count").unwrap().kind,
        PolicyKind::Unlisted
    );

    let h = parse_header(&case_script("stoch_ou_noise")).unwrap();
    let p = h.policy_for("ou_mean").unwrap();
    assert_eq!(
        p.stats_tol("ou_mean"),
        Some(StatsTol {
            rel: 0.0,
            abs: 0.05
        })
    );

    let h = parse_header(&case_script("spatial_hh_axon")).unwrap();
    assert_eq!(
        h.policy_for("velocity").unwrap().kind,
        PolicyKind::Trace {
            rtol: 0.005,
            atol: 0.0
        }
    );
    assert_eq!(
        h.policy_for("t_100").unwrap().kind,
        PolicyKind::Trace {
            rtol: 0.0,
            atol: 0.0101
        }
    );
    assert_eq!(
        h.policy_for("v").unwrap().kind,
        PolicyKind::Trace {
            rtol: 1e-5,
            atol: 1e-5
        }
    );

    assert!(
        parse_header(&case_script("err_reset_wrong_unit"))
            .unwrap()
            .is_error_case()
    );
}

#[test]
fn header_syntax_rules_follow_compare_py() {
    let ok = |text: &str| parse_header_text(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    let err = |text: &str| parse_header_text(text).unwrap_err().0;

    // Alias, blank lines, spacing around ':' and '[...]'.
    let h = ok(
        "\n# case: x\n\n#compare : exact\n#  compare [a,b , c] :  trace rtol=1 atol=2\nimport os\n",
    );
    assert_eq!(h.default.unwrap().kind, PolicyKind::Exact);
    assert_eq!(h.per_key.len(), 3);
    assert_eq!(h.per_key[2].1.text, "trace rtol=1 atol=2");
    // Only leading comments count: a compare line after code is not seen.
    assert_eq!(
        err("# case: x\nx = 1\n# compare: exact\n"),
        "missing '# compare:' line"
    );
    assert_eq!(err("# compare: exact\n"), "missing '# case:' line");
    // A later per-key line overrides the policy but keeps the key's position.
    let h =
        ok("# case: x\n# compare: exact\n# compare[a, b]: ignore\n# compare[a]: trace atol=1\n");
    assert_eq!(h.per_key[0].0, "a");
    assert_eq!(
        h.per_key[0].1.kind,
        PolicyKind::Trace {
            rtol: 0.0,
            atol: 1.0
        }
    );
    assert_eq!(h.per_key[1].1.kind, PolicyKind::Ignore);
    // Stats lines name their own keys and set the default to "unlisted" only if unset.
    let h = ok("# case: x\n# compare: stats a~rel=0.1,abs=2 b~abs=3\n# compare: trace rtol=1\n");
    assert_eq!(
        h.default.unwrap().kind,
        PolicyKind::Trace {
            rtol: 1.0,
            atol: 0.0
        }
    );
    assert_eq!(
        h.per_key[0].1.stats_tol("a"),
        Some(StatsTol { rel: 0.1, abs: 2.0 })
    );
    let h = ok("# case: x\n# compare: exact\n# compare[a]: stats a~rel=1\n");
    assert_eq!(h.default.unwrap().kind, PolicyKind::Exact);
    let h = ok("# case: x\n# compare[a]: exact\n");
    assert!(h.default.is_none());
    assert!(h.policy_for("other").is_none());
    // Errors, with compare.py's messages.
    assert_eq!(
        err("# case: x\n# compare: exact\n# compare: trace rtol=1\n"),
        "more than one default '# compare:' line"
    );
    assert_eq!(
        err("# case: x\n# compare[a, b]: stats a~rel=1\n"),
        "keys ['b'] have no tolerance in: # compare[a, b]: stats a~rel=1"
    );
    assert_eq!(
        err("# case: x\n# compare[ , ]: exact\n"),
        "empty key list in: # compare[ , ]: exact"
    );
    assert_eq!(
        err("# case: x\n# compare: exact 1\n"),
        "'exact' takes no arguments: exact 1"
    );
    assert_eq!(
        err("# case: x\n# compare: fuzzy\n"),
        "unknown policy 'fuzzy'"
    );
    assert_eq!(
        err("# case: x\n# compare: trace rtol=abc\n"),
        "bad trace argument 'rtol=abc' in: trace rtol=abc"
    );
    assert_eq!(
        err("# case: x\n# compare: stats 1a~rel=1\n"),
        "bad stats item '1a~rel=1' in: stats 1a~rel=1"
    );
    assert_eq!(
        err("# case: x\n# compare: stats a~rel=1,\n"),
        "bad stats tolerance '' in: stats a~rel=1,"
    );
    assert_eq!(
        err("# case: x\n# compare: stats\n"),
        "stats policy names no key: stats"
    );
    assert!(err("# case: x\n# compare: trace atol=1e\n").contains("could not convert"));
    // '# compare:' with nothing after it is not a compare line.
    assert_eq!(err("# case: x\n# compare:\n"), "missing '# compare:' line");
}

#[test]
fn every_reference_passes_against_itself() {
    let cases = non_error_cases();
    assert!(cases.len() >= 24);
    for name in cases {
        let report = compare(&name, &ref_npz(&name));
        assert!(report.passed, "{name}:\n{report}");
        assert_eq!(report.exit_code(), 0);
        assert_eq!(report.lines.last().unwrap(), &format!("PASS {name}"));
        assert!(report.lines_starting_with("FAIL").is_empty(), "{report}");
        assert!(report.lines_starting_with("extra").is_empty(), "{report}");
        // Every compared key is reported once; compared keys exist.
        let compared = report.lines_starting_with("ok  ").len();
        let skipped = report.lines_starting_with("skip ").len();
        let keys = read_npz(ref_npz(&name)).unwrap().len();
        assert_eq!(compared + skipped, keys, "{name}:\n{report}");
        assert!(compared > 0, "{name} compares nothing");
    }
}

#[test]
fn perturbed_exact_spikes_case_fails() {
    let dir = temp_dir("exact");
    // One spike time moved by 1e-6 ms (> 1e-9) fails ...
    let cand = edited_candidate(&dir, "moved.npz", "ng_lif_basic", |a| {
        change_f64(a, "spike_t", 5, |t| t + 1e-6)
    });
    let report = compare("ng_lif_basic", &cand);
    assert!(!report.passed, "{report}");
    let line = line_for(&report, "spike_t");
    assert!(
        line.starts_with("FAIL spike_t [exact-spikes] maxabs=1e-06"),
        "{line}"
    );
    assert!(line.contains("bad=1 first-worst@(np.int64(5),)"), "{line}");
    assert_eq!(report.lines.last().unwrap(), "FAIL ng_lif_basic");
    assert_eq!(report.exit_code(), 1);
    // ... a move within 1e-9 passes.
    let cand = edited_candidate(&dir, "close.npz", "ng_lif_basic", |a| {
        change_f64(a, "spike_t", 5, |t| t + 5e-10)
    });
    assert!(compare("ng_lif_basic", &cand).passed);
    // An integer array (spike indices of a pure exact-spikes case) changed by one fails.
    let cand = edited_candidate(&dir, "index.npz", "input_spikegen", |a| {
        let NpyData::I32(v) = &mut array(a, "all_i").data else {
            panic!()
        };
        v[3] += 1;
    });
    let report = compare("input_spikegen", &cand);
    assert!(!report.passed);
    assert!(
        line_for(&report, "all_i").starts_with("FAIL all_i [exact-spikes] maxabs=1 "),
        "{report}"
    );
    // One spike too many: the shapes differ.
    let cand = edited_candidate(&dir, "extra_spike.npz", "input_spikegen", |a| {
        let NpyData::F64(v) = &mut array(a, "all_t").data else {
            panic!()
        };
        v.push(99.0);
        array(a, "all_t").shape = vec![10];
    });
    let report = compare("input_spikegen", &cand);
    assert_eq!(
        line_for(&report, "all_t"),
        "FAIL all_t [exact-spikes] shape ref=(9,) cand=(10,)"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn perturbed_trace_case_fails() {
    let dir = temp_dir("trace");
    // ng_lif_basic: v (6, 600) under trace rtol=1e-9 atol=1e-9.
    let cand = edited_candidate(&dir, "v.npz", "ng_lif_basic", |a| {
        change_f64(a, "v", 2 * 600 + 300, |v| v * (1.0 + 1e-6) + 1e-6)
    });
    let report = compare("ng_lif_basic", &cand);
    assert!(!report.passed);
    let line = line_for(&report, "v");
    assert!(
        line.starts_with("FAIL v [trace rtol=1e-9 atol=1e-9] "),
        "{line}"
    );
    assert!(
        line.contains(" n=3600 bad=1 first-worst@(np.int64(2), np.int64(300)) "),
        "{line}"
    );
    assert!(
        line_for(&report, "spike_t").starts_with("ok   spike_t"),
        "{report}"
    );
    // ng_integrators (pure trace rtol=1e-7 atol=1e-9): outside and inside the tolerance.
    let cand = edited_candidate(&dir, "far.npz", "ng_integrators", |a| {
        change_f64(a, "v_rk4", 10, |v| v + 1e-9 + 2e-7 * v.abs())
    });
    assert!(!compare("ng_integrators", &cand).passed);
    let cand = edited_candidate(&dir, "near.npz", "ng_integrators", |a| {
        change_f64(a, "v_rk4", 10, |v| v + 0.5e-7 * v.abs())
    });
    let report = compare("ng_integrators", &cand);
    assert!(report.passed, "{report}");
    // A NaN where the reference has a number fails.
    let cand = edited_candidate(&dir, "nan.npz", "ng_integrators", |a| {
        change_f64(a, "w_rk2", 0, |_| f64::NAN)
    });
    let report = compare("ng_integrators", &cand);
    assert!(
        line_for(&report, "w_rk2").contains("maxabs=inf"),
        "{report}"
    );
    // A transposed 2-D array fails on its shape.
    let cand = edited_candidate(&dir, "transposed.npz", "ng_lif_basic", |a| {
        array(a, "v").shape = vec![600, 6]
    });
    let report = compare("ng_lif_basic", &cand);
    assert_eq!(
        line_for(&report, "v"),
        "FAIL v [trace rtol=1e-9 atol=1e-9] shape ref=(6, 600) cand=(600, 6)"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn keys_are_compared_as_float64_missing_keys_fail_extra_keys_are_reported() {
    let dir = temp_dir("keys");
    // Integer references compared with float or int64 candidates of equal value pass.
    let cand = edited_candidate(&dir, "dtypes.npz", "ng_lif_basic", |a| {
        let i = array(a, "spike_i");
        i.data = NpyData::F64(i.to_f64_vec());
        let c = array(a, "count");
        c.data = NpyData::I64(c.to_f64_vec().iter().map(|&x| x as i64).collect());
        a.push(("my_debug".to_owned(), NpyArray::from_vec(vec![true])));
    });
    let report = compare("ng_lif_basic", &cand);
    assert!(report.passed, "{report}");
    assert!(
        report
            .lines
            .contains(&"extra my_debug (not in reference)".to_owned()),
        "{report}"
    );
    // A missing key fails.
    let cand = edited_candidate(&dir, "missing.npz", "ng_lif_basic", |a| {
        a.retain(|(k, _)| k != "count")
    });
    let report = compare("ng_lif_basic", &cand);
    assert!(!report.passed);
    assert!(
        report
            .lines
            .contains(&"FAIL count: missing from candidate".to_owned()),
        "{report}"
    );
    // An unreadable candidate fails.
    let garbage = dir.join("garbage.npz");
    std::fs::write(&garbage, b"not a zip file").unwrap();
    let report = compare("ng_lif_basic", &garbage);
    assert!(!report.passed);
    assert!(
        report.lines[0].starts_with("FAIL candidate: cannot read"),
        "{report}"
    );
    // A missing candidate .npz fails too.
    assert!(!compare("ng_lif_basic", &dir.join("absent.npz")).passed);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_failed_run_fails_a_non_error_case() {
    let dir = temp_dir("run");
    let cand = dir.join("cand.error.txt");
    std::fs::write(
        &cand,
        candidate_error_text(
            1,
            "Traceback ...\nNotImplementedError: SpatialNeuron\n",
            600,
        ),
    )
    .unwrap();
    let report = compare("ng_lif_basic", &cand);
    assert!(!report.passed);
    assert_eq!(
        report.lines,
        [
            "FAIL run: candidate failed (exit=1): NotImplementedError: SpatialNeuron",
            "FAIL ng_lif_basic"
        ]
    );
    // Exit status 0 without out.npz, and a timeout, as run_conformance.sh writes them.
    assert_eq!(
        candidate_error_text(0, "done\n", 600),
        "exit=0\ndone\n(exit status 0 but no out.npz was written)\n"
    );
    assert_eq!(
        candidate_error_text(124, "", 600),
        "exit=124\n(timed out after 600s)\n"
    );
    std::fs::write(&cand, candidate_error_text(0, "done\n", 600)).unwrap();
    let report = compare("ng_lif_basic", &cand);
    assert_eq!(
        report.lines[0],
        "FAIL run: candidate failed (exit=0): (exit status 0 but no out.npz was written)"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn stats_policy_accepts_brian2_second_seed_and_rejects_missing_or_far_values() {
    let dir = temp_dir("stats");
    let mut with_seed2 = 0;
    for name in non_error_cases() {
        let Some(seed2) = seed2_reference_path(&name) else {
            continue;
        };
        with_seed2 += 1;
        let header = parse_header(&case_script(&name)).unwrap();
        assert_eq!(
            header.default.as_ref().unwrap().kind,
            PolicyKind::Unlisted,
            "{name}"
        );
        // Brian2's own second run passes (that is how the tolerances were set).
        let report = compare(&name, &seed2);
        assert!(report.passed, "{name}:\n{report}");
        let (key, _) = header.per_key[0].clone();
        assert!(
            line_for(&report, &key).starts_with(&format!("ok   {key} [stats] value ref=")),
            "{report}"
        );
        // Missing a stats key fails.
        let cand = edited_candidate(&dir, &format!("{name}.missing.npz"), &name, |a| {
            a.retain(|(k, _)| *k != key)
        });
        let report = compare(&name, &cand);
        assert!(!report.passed, "{name}: a missing key passed");
        assert!(
            report
                .lines
                .contains(&format!("FAIL {key}: missing from candidate")),
            "{report}"
        );
        // Every stats key off by far more than its tolerance fails.
        for (key, pol) in &header.per_key {
            let tol = pol.stats_tol(key).unwrap();
            let cand = edited_candidate(&dir, &format!("{name}.{key}.npz"), &name, |a| {
                let arr = array(a, key);
                let v = arr.to_f64_vec();
                let shifted: Vec<f64> = v
                    .iter()
                    .map(|x| x + 3.0 * tol.abs + 3.0 * tol.rel * x.abs() + 1e-12)
                    .collect();
                arr.data = NpyData::F64(shifted);
            });
            let report = compare(&name, &cand);
            assert!(!report.passed, "{name}/{key}: far value passed\n{report}");
            assert!(
                line_for(&report, key).starts_with(&format!("FAIL {key} [stats]")),
                "{report}"
            );
        }
    }
    assert!(
        with_seed2 >= 4,
        "only {with_seed2} stochastic cases with a seed2 reference"
    );
    // Keys a stats header does not name are skipped: removing one still passes.
    let cand = edited_candidate(&dir, "brunel_no_sub.npz", "net_brunel", |a| {
        a.retain(|(k, _)| k != "sub_count")
    });
    let report = compare("net_brunel", &cand);
    assert!(report.passed, "{report}");
    assert!(report.lines.contains(&"skip sub_count".to_owned()));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn error_policy_needs_a_nonzero_exit_a_message_and_the_marker() {
    let dir = temp_dir("error");
    let case = "err_reset_wrong_unit";
    let write = |file: &str, text: String| {
        let p = dir.join(file);
        std::fs::write(&p, text).unwrap();
        p
    };
    let failing_output = format!(
        "{MARKER}\nerror: reset of group 'neurongroup': DimensionMismatchError: v = 5 has unit 1, expected volt\n"
    );
    // Exit 1 after the marker with a message: pass, naming Brian2's class.
    let report = compare(
        case,
        &write("good.txt", candidate_error_text(1, &failing_output, 600)),
    );
    assert!(report.passed, "{report}");
    assert!(
        report.lines[0].starts_with(
            "ok   error: exit=1 (brian2 raised DimensionMismatchError: The right-hand-side"
        ),
        "{report}"
    );
    assert!(
        report.lines[0].contains("candidate names the same class: yes) last line: error: reset"),
        "{report}"
    );
    assert_eq!(report.lines[1], format!("PASS {case}"));
    // A different message still passes, reporting the class mismatch.
    let report = compare(
        case,
        &write(
            "other.txt",
            candidate_error_text(2, &format!("{MARKER}\nunit error\n"), 600),
        ),
    );
    assert!(
        report.passed && report.lines[0].contains("same class: no"),
        "{report}"
    );
    // Exit status 0: fail.
    let report = compare(
        case,
        &write("zero.txt", candidate_error_text(0, &failing_output, 600)),
    );
    assert!(!report.passed);
    assert_eq!(
        report.lines[0],
        "FAIL error: exit status 0, expected non-zero"
    );
    // No exit= line: fail.
    let report = compare(case, &write("noexit.txt", failing_output.clone()));
    assert_eq!(
        report.lines[0],
        "FAIL error: exit status None, expected non-zero"
    );
    // Failing before the marker (too early): fail.
    let report = compare(
        case,
        &write(
            "early.txt",
            candidate_error_text(1, "syntax error in line 3\n", 600),
        ),
    );
    assert!(!report.passed);
    assert!(
        report.lines[0].starts_with("FAIL error: failed before reaching the statement marked"),
        "{report}"
    );
    // Only the marker, no message: fail.
    let report = compare(
        case,
        &write(
            "silent.txt",
            candidate_error_text(1, &format!("{MARKER}\n"), 600),
        ),
    );
    assert_eq!(report.lines[0], "FAIL error: no error message printed");
    // A run that wrote out.npz, or no file at all: fail.
    let npz = dir.join("out.npz");
    write_npz(&npz, &[("x", NpyArray::from_vec(vec![1.0]))]).unwrap();
    let report = compare(case, &npz);
    assert!(
        report.lines[0].starts_with("FAIL error: expected the script to fail, candidate produced"),
        "{report}"
    );
    let report = compare(case, &dir.join("nothing.txt"));
    assert_eq!(
        report.lines[0],
        "FAIL error: expected the script to fail, candidate produced no error file"
    );
    assert_eq!(report.lines[1], format!("FAIL {case}"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn header_errors_and_unusual_values_in_synthetic_cases() {
    let dir = temp_dir("synthetic");
    let script = dir.join("synthetic.py");
    // A bad header: exit status 2, one line.
    std::fs::write(&script, "# case: synthetic\n# compare: approx\n").unwrap();
    let report = compare_case(&script, &dir.join("r.npz"), &dir.join("c.npz"));
    assert_eq!(report.lines, ["FAIL header: unknown policy 'approx'"]);
    assert_eq!(report.exit_code(), 2);
    let report = compare_case(
        &dir.join("absent.py"),
        &dir.join("r.npz"),
        &dir.join("c.npz"),
    );
    assert!(
        report.lines[0].starts_with("FAIL header: cannot read"),
        "{report}"
    );
    // Non-finite values, exactly as compare.py treats them (checked against it): NaN in
    // both arrays counts as equal under exact-spikes but fails under trace (its limit
    // atol + rtol*|NaN| is NaN), and inf - inf is an infinite difference.
    let r = dir.join("r.npz");
    let x = |v: Vec<f64>| NpyArray::from_vec(v);
    #[rustfmt::skip]
    write_npz(&r, &[("a", x(vec![f64::NAN, 1.0])), ("b", x(vec![f64::INFINITY])), ("i", x(vec![1.0])), ("e", x(vec![]))]).unwrap();
    let c = dir.join("c.npz");
    #[rustfmt::skip]
    write_npz(&c, &[("a", x(vec![f64::NAN, 1.0])), ("b", x(vec![f64::INFINITY])), ("i", x(vec![7.0, 8.0])), ("e", x(vec![]))]).unwrap();
    std::fs::write(
        &script,
        "# case: synthetic\n# compare: trace rtol=0 atol=0\n# compare[i]: ignore\n",
    )
    .unwrap();
    let report = compare_case(&script, &r, &c);
    assert_eq!(
        report.lines,
        [
            "FAIL a [trace rtol=0 atol=0] maxabs=0 maxrel=0 n=2 bad=0 first-worst@(np.int64(0),) ref=nan cand=nan",
            "FAIL b [trace rtol=0 atol=0] maxabs=inf maxrel=nan n=1 bad=0 first-worst@(np.int64(0),) ref=inf cand=inf",
            "skip i",
            "ok   e [trace rtol=0 atol=0] empty",
            "FAIL synthetic",
        ]
    );
    std::fs::write(&script, "# case: synthetic\n# compare: exact\n").unwrap();
    let report = compare_case(&script, &r, &c);
    assert_eq!(
        report.lines,
        [
            "ok   a [exact] maxabs=0 maxrel=0 n=2",
            "FAIL b [exact] maxabs=inf maxrel=nan n=1 bad=1 first-worst@(np.int64(0),) ref=inf cand=inf",
            "FAIL i [exact] shape ref=(1,) cand=(2,)",
            "ok   e [exact] empty",
            "FAIL synthetic",
        ]
    );
    // A key named in the header but absent from the reference fails.
    std::fs::write(
        &script,
        "# case: synthetic\n# compare: exact\n# compare[zz]: ignore\n",
    )
    .unwrap();
    let report = compare_case(&script, &c, &c);
    assert_eq!(
        report.lines[0],
        "FAIL zz: named in the header but not in the reference"
    );
    assert!(!report.passed);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn python_number_formatting_and_numpy_mean() {
    for (x, want) in [
        (123.456, "123"),
        (0.000123456, "0.000123"),
        (1.5e-5, "1.5e-05"),
        (99.95, "100"),
        (999.5, "1e+03"),
        (1e16, "1e+16"),
        (-2.5e-7, "-2.5e-07"),
        (0.1, "0.1"),
        (100.0, "100"),
        (12345.0, "1.23e+04"),
        (5e-324, "4.94e-324"),
        (1.0, "1"),
        (0.0, "0"),
        (-0.0, "-0"),
        (f64::NAN, "nan"),
        (f64::NEG_INFINITY, "-inf"),
    ] {
        assert_eq!(fmt_g3(x), want, "{x:?}");
    }
    // Values printed by numpy 2.2.6: np.mean(np.arange(1, 20001) * 0.1), np.mean([0.1] * 10),
    // np.mean(np.sin(np.arange(100000) * 0.37) * 1e3).
    let a: Vec<f64> = (1..=20000).map(|k| f64::from(k) * 0.1).collect();
    assert_eq!(np_mean(&a), 1000.05);
    assert_eq!(np_mean(&[0.1; 10]), 0.1);
    let b: Vec<f64> = (0..100000)
        .map(|k| (f64::from(k) * 0.37).sin() * 1e3)
        .collect();
    assert_eq!(np_mean(&b), 0.03455519839924885);
    assert!(np_mean(&[]).is_nan());
}
