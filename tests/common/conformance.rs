//! Rust port of `tests/data/conformance/compare.py`: parses a conformance case header
//! and compares a candidate run (an `.npz`, or the error file `run_conformance.sh`
//! writes when the command fails) against the stored Brian2 reference, with the same
//! rules and the same report lines as the Python comparer.
//!
//! Header (leading comment lines of the case script; parsing stops at the first
//! non-blank line that is not a comment):
//!
//! ```text
//! # case: <name>
//! # covers: <feature>, ...
//! # compare: <policy>                 default policy for every key
//! # compare[<key>, <key>]: <policy>   policy for the named keys (overrides)
//! ```
//!
//! Policies: `exact-spikes` (alias `exact`, `|cand - ref| <= 1e-9`), `trace rtol=R
//! atol=A` (`|cand - ref| <= A + R*|ref|`), `stats K~rel=R K2~abs=A ...` (only the named
//! keys, each reduced to its mean; a stats line names its own keys and leaves other
//! keys `skip`), `error` (the script must fail, after printing `ORACLE-REACHED` if the
//! script does) and `ignore`. All values are compared as float64; reference keys missing
//! from the candidate fail; extra candidate keys are reported.
//!
//! Deviations from compare.py, all in situations where the Python script crashes with a
//! traceback (exit status 1): an unparsable number in a header is a header error; an
//! unreadable reference is a `FAIL ref:` line; a per-key `error` policy fails that key.
//! Arrays of dtypes `spikelift::io` cannot read (strings, complex, ...) make the file
//! unreadable (`FAIL candidate:` / `FAIL ref:`).

use std::fmt;
use std::path::{Path, PathBuf};

use spikelift::io::{NpyArray, read_npz};

/// Absolute tolerance of the `exact-spikes` policy.
pub const EXACT_ATOL: f64 = 1e-9;

/// What every error script prints right before the faulty statement.
pub const MARKER: &str = "ORACLE-REACHED";

/// `tests/data/conformance` of this crate.
pub fn conformance_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/conformance")
}

/// Names of all cases (`cases/<name>.py`), sorted.
pub fn case_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(conformance_dir().join("cases"))
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "py"))
                .filter_map(|p| Some(p.file_stem()?.to_str()?.to_owned()))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// The script of case `name`.
pub fn case_script(name: &str) -> PathBuf {
    conformance_dir().join("cases").join(format!("{name}.py"))
}

/// Whether `run_conformance.sh` treats the script as an error case
/// (`grep -q '^# compare: *error'`).
pub fn is_error_script(script: &Path) -> bool {
    let Ok(bytes) = std::fs::read(script) else {
        return false;
    };
    String::from_utf8_lossy(&bytes).split('\n').any(|line| {
        line.strip_prefix("# compare:")
            .is_some_and(|rest| rest.trim_start_matches(' ').starts_with("error"))
    })
}

/// The reference `run_conformance.sh` uses for case `name`: `ref/<name>.error.txt` for
/// error cases, `ref/<name>.npz` otherwise.
pub fn reference_path(name: &str) -> PathBuf {
    let file = if is_error_script(&case_script(name)) {
        format!("{name}.error.txt")
    } else {
        format!("{name}.npz")
    };
    conformance_dir().join("ref").join(file)
}

/// `ref/<name>.seed2.npz` (second Brian2 run of a stochastic case), if it exists.
pub fn seed2_reference_path(name: &str) -> Option<PathBuf> {
    let path = conformance_dir()
        .join("ref")
        .join(format!("{name}.seed2.npz"));
    path.is_file().then_some(path)
}

/// The candidate error file `run_conformance.sh` writes when a run fails or writes no
/// `out.npz`: `exit=<rc>`, the command's combined output, and a note for exit status 0
/// (no `out.npz`) or 124 (timeout after `timeout_secs`).
pub fn candidate_error_text(exit_code: i32, output: &str, timeout_secs: u64) -> String {
    let mut text = format!("exit={exit_code}\n{output}");
    if exit_code == 0 {
        text.push_str("(exit status 0 but no out.npz was written)\n");
    }
    if exit_code == 124 {
        text.push_str(&format!("(timed out after {timeout_secs}s)\n"));
    }
    text
}

// ---------------------------------------------------------------------------------
// Header

/// Tolerances of one key of a `stats` policy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StatsTol {
    /// Relative tolerance (`rel=`), 0 if absent.
    pub rel: f64,
    /// Absolute tolerance (`abs=`), 0 if absent.
    pub abs: f64,
}

/// The kind of a comparison policy.
#[derive(Debug, Clone, PartialEq)]
pub enum PolicyKind {
    /// `exact-spikes` / `exact`: `|cand - ref| <= EXACT_ATOL`.
    Exact,
    /// `trace rtol=R atol=A`.
    Trace {
        /// Relative tolerance.
        rtol: f64,
        /// Absolute tolerance.
        atol: f64,
    },
    /// `stats K~rel=R ...`: the keys it names, in order, with their tolerances.
    Stats {
        /// Per-key tolerances.
        tol: Vec<(String, StatsTol)>,
    },
    /// `error`: the script must fail.
    Error,
    /// `ignore`: not compared.
    Ignore,
    /// The default when the only `# compare:` line is a stats line: other keys are
    /// skipped.
    Unlisted,
}

/// A parsed policy and its header text (printed in report lines).
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// What it compares.
    pub kind: PolicyKind,
    /// The policy text as written after the colon (empty for `Unlisted`).
    pub text: String,
}

impl Policy {
    /// The tolerance of `key` if this is a stats policy naming it.
    pub fn stats_tol(&self, key: &str) -> Option<StatsTol> {
        match &self.kind {
            PolicyKind::Stats { tol } => tol.iter().find(|(k, _)| k == key).map(|(_, t)| *t),
            _ => None,
        }
    }
}

/// The parsed header of a case script.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseHeader {
    /// `# case:` (the last one if repeated).
    pub name: String,
    /// `# covers:` text.
    pub covers: String,
    /// The default policy (`# compare:`), `Unlisted` after a stats-only header.
    pub default: Option<Policy>,
    /// Per-key policies in first-assignment order (a later line overrides the policy
    /// but keeps the position, like a Python dict).
    pub per_key: Vec<(String, Policy)>,
}

impl CaseHeader {
    /// The policy that applies to `key`: its own, else the default.
    pub fn policy_for(&self, key: &str) -> Option<&Policy> {
        self.per_key
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, p)| p)
            .or(self.default.as_ref())
    }

    /// Whether the default policy is `error`.
    pub fn is_error_case(&self) -> bool {
        self.default
            .as_ref()
            .is_some_and(|p| p.kind == PolicyKind::Error)
    }
}

/// A header that compare.py rejects (its message is compare.py's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderError(pub String);

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for HeaderError {}

/// Reads and parses the header of the case script at `path`.
pub fn parse_header(path: &Path) -> Result<CaseHeader, HeaderError> {
    parse_header_text(&read_script(path)?)
}

fn read_script(path: &Path) -> Result<String, HeaderError> {
    let bytes = std::fs::read(path)
        .map_err(|e| HeaderError(format!("cannot read {}: {e}", path.display())))?;
    String::from_utf8(bytes)
        .map_err(|e| HeaderError(format!("{}: not valid UTF-8: {e}", path.display())))
}

/// Parses the header of a case script given as text (`parse_header` in compare.py).
pub fn parse_header_text(text: &str) -> Result<CaseHeader, HeaderError> {
    let mut name: Option<String> = None;
    let mut covers = String::new();
    let mut default: Option<Policy> = None;
    let mut per_key: Vec<(String, Policy)> = Vec::new();
    for line in universal_lines(text) {
        let s = py_strip(line);
        if s.is_empty() {
            continue;
        }
        let Some(body) = s.strip_prefix('#') else {
            break;
        };
        let body = py_strip(body);
        if let Some(rest) = keyword_value(body, "case").filter(|r| !r.is_empty()) {
            name = Some(py_strip(rest).to_owned());
            continue;
        }
        if let Some(rest) = keyword_value(body, "covers") {
            covers = py_strip(rest).to_owned();
            continue;
        }
        let Some((keys, policy_text)) = compare_line(body) else {
            continue;
        };
        let pol = parse_policy(py_strip(policy_text))?;
        let key_list = |inner: &str| -> Vec<String> {
            inner
                .split(',')
                .map(py_strip)
                .filter(|k| !k.is_empty())
                .map(str::to_owned)
                .collect()
        };
        if let PolicyKind::Stats { tol } = &pol.kind {
            // A stats policy names its keys itself.
            if let Some(inner) = keys {
                let extra: Vec<String> = key_list(inner)
                    .into_iter()
                    .filter(|k| !tol.iter().any(|(t, _)| t == k))
                    .collect();
                if !extra.is_empty() {
                    return Err(HeaderError(format!(
                        "keys {} have no tolerance in: {s}",
                        py_list_repr(&extra)
                    )));
                }
            }
            for (k, _) in tol {
                dict_set(&mut per_key, k, pol.clone());
            }
            if default.is_none() {
                default = Some(Policy {
                    kind: PolicyKind::Unlisted,
                    text: String::new(),
                });
            }
        } else if let Some(inner) = keys {
            let list = key_list(inner);
            if list.is_empty() {
                return Err(HeaderError(format!("empty key list in: {s}")));
            }
            for k in &list {
                dict_set(&mut per_key, k, pol.clone());
            }
        } else {
            if default
                .as_ref()
                .is_some_and(|d| d.kind != PolicyKind::Unlisted)
            {
                return Err(HeaderError(
                    "more than one default '# compare:' line".to_owned(),
                ));
            }
            default = Some(pol);
        }
    }
    let Some(name) = name else {
        return Err(HeaderError("missing '# case:' line".to_owned()));
    };
    if default.is_none() && per_key.is_empty() {
        return Err(HeaderError("missing '# compare:' line".to_owned()));
    }
    Ok(CaseHeader {
        name,
        covers,
        default,
        per_key,
    })
}

/// Parses a policy text such as `trace rtol=1e-9 atol=1e-9` (`parse_policy`).
pub fn parse_policy(text: &str) -> Result<Policy, HeaderError> {
    let words = py_split(text);
    let kind = words.first().copied().unwrap_or("");
    let policy = |kind| {
        Ok(Policy {
            kind,
            text: text.to_owned(),
        })
    };
    match kind {
        "exact-spikes" | "exact" => {
            if words.len() != 1 {
                return Err(HeaderError(format!("'{kind}' takes no arguments: {text}")));
            }
            policy(PolicyKind::Exact)
        }
        "error" => policy(PolicyKind::Error),
        "ignore" => policy(PolicyKind::Ignore),
        "trace" => {
            let (mut rtol, mut atol) = (0.0, 0.0);
            for w in &words[1..] {
                let parsed = w.split_once('=').and_then(|(k, v)| {
                    (matches!(k, "rtol" | "atol") && is_number_text(v)).then_some((k, v))
                });
                let Some((k, v)) = parsed else {
                    return Err(HeaderError(format!("bad trace argument '{w}' in: {text}")));
                };
                let value = py_float(v)?;
                if k == "rtol" {
                    rtol = value;
                } else {
                    atol = value;
                }
            }
            policy(PolicyKind::Trace { rtol, atol })
        }
        "stats" => {
            let mut tol: Vec<(String, StatsTol)> = Vec::new();
            for w in &words[1..] {
                let Some((key, spec)) = stats_item(w) else {
                    return Err(HeaderError(format!("bad stats item '{w}' in: {text}")));
                };
                let mut t = StatsTol { rel: 0.0, abs: 0.0 };
                for part in spec.split(',') {
                    let parsed = part.split_once('=').and_then(|(k, v)| {
                        (matches!(k, "rel" | "abs") && is_number_text(v)).then_some((k, v))
                    });
                    let Some((k, v)) = parsed else {
                        return Err(HeaderError(format!(
                            "bad stats tolerance '{part}' in: {text}"
                        )));
                    };
                    let value = py_float(v)?;
                    if k == "rel" {
                        t.rel = value;
                    } else {
                        t.abs = value;
                    }
                }
                dict_set(&mut tol, key, t);
            }
            if tol.is_empty() {
                return Err(HeaderError(format!("stats policy names no key: {text}")));
            }
            policy(PolicyKind::Stats { tol })
        }
        _ => Err(HeaderError(format!("unknown policy '{kind}'"))),
    }
}

/// `^<word>\s*:\s*(.*)$`: the text after the colon (leading whitespace removed).
fn keyword_value<'a>(body: &'a str, word: &str) -> Option<&'a str> {
    let rest = body.strip_prefix(word)?.trim_start_matches(py_isspace);
    Some(rest.strip_prefix(':')?.trim_start_matches(py_isspace))
}

/// `^compare\s*(\[([^\]]*)\])?\s*:\s*(.+)$`: the bracketed key list (if any) and the
/// policy text.
fn compare_line(body: &str) -> Option<(Option<&str>, &str)> {
    let rest = body.strip_prefix("compare")?.trim_start_matches(py_isspace);
    if let Some(open) = rest.strip_prefix('[')
        && let Some(close) = open.find(']')
        && let Some(text) = open[close + 1..]
            .trim_start_matches(py_isspace)
            .strip_prefix(':')
            .filter(|t| !t.is_empty())
    {
        return Some((Some(&open[..close]), text.trim_start_matches(py_isspace)));
    }
    let text = rest.strip_prefix(':').filter(|t| !t.is_empty())?;
    Some((None, text.trim_start_matches(py_isspace)))
}

/// `^([A-Za-z_][A-Za-z0-9_]*)~(.+)$`.
fn stats_item(w: &str) -> Option<(&str, &str)> {
    let end = w
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(w.len());
    let key = &w[..end];
    let spec = w[end..].strip_prefix('~')?;
    let first_ok = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    (first_ok && !spec.is_empty()).then_some((key, spec))
}

/// `[-+0-9.eE]+`.
fn is_number_text(v: &str) -> bool {
    !v.is_empty()
        && v.chars()
            .all(|c| matches!(c, '-' | '+' | '0'..='9' | '.' | 'e' | 'E'))
}

/// Python's `float()` on a `[-+0-9.eE]+` string.
fn py_float(v: &str) -> Result<f64, HeaderError> {
    v.parse::<f64>()
        .map_err(|_| HeaderError(format!("could not convert string to float: '{v}'")))
}

// ---------------------------------------------------------------------------------
// Comparison

/// Result of comparing one case: `passed` and the lines compare.py prints (one per
/// key, `ok` / `FAIL` / `skip` / `extra`, then `PASS <case>` or `FAIL <case>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseReport {
    /// Whether the case passed (compare.py exit status 0).
    pub passed: bool,
    /// The report lines.
    pub lines: Vec<String>,
}

impl CaseReport {
    /// compare.py's exit status: 0 pass, 1 fail, 2 header error.
    pub fn exit_code(&self) -> i32 {
        if self.passed {
            0
        } else if self
            .lines
            .first()
            .is_some_and(|l| l.starts_with("FAIL header:"))
        {
            2
        } else {
            1
        }
    }

    /// The lines starting with `prefix` (e.g. `"FAIL "`).
    pub fn lines_starting_with(&self, prefix: &str) -> Vec<&str> {
        self.lines
            .iter()
            .map(String::as_str)
            .filter(|l| l.starts_with(prefix))
            .collect()
    }
}

impl fmt::Display for CaseReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for line in &self.lines {
            writeln!(f, "{line}")?;
        }
        Ok(())
    }
}

/// Compares a candidate against the reference of a case, as
/// `compare.py CASE_SCRIPT REF CANDIDATE` does. `candidate` is an `.npz` or a
/// candidate error file (`exit=<rc>` then the output, see [`candidate_error_text`]).
pub fn compare_case(script: &Path, reference: &Path, candidate: &Path) -> CaseReport {
    let header = read_script(script).and_then(|text| Ok((parse_header_text(&text)?, text)));
    let (header, script_text) = match header {
        Ok(h) => h,
        Err(e) => {
            return CaseReport {
                passed: false,
                lines: vec![format!("FAIL header: {e}")],
            };
        }
    };
    let mut lines = Vec::new();
    let passed = if header.is_error_case() {
        compare_error_case(&script_text, reference, candidate, &mut lines)
    } else {
        compare_npz_case(&header, reference, candidate, &mut lines)
    };
    lines.push(format!(
        "{} {}",
        if passed { "PASS" } else { "FAIL" },
        header.name
    ));
    CaseReport { passed, lines }
}

/// [`compare_case`] for the stored case `name` (its script and the reference
/// `run_conformance.sh` would use).
pub fn compare_named_case(name: &str, candidate: &Path) -> CaseReport {
    compare_case(&case_script(name), &reference_path(name), candidate)
}

/// The `error` policy: the candidate must be an error file with a non-zero exit status,
/// a message, and the marker if the script prints it.
fn compare_error_case(
    script_text: &str,
    reference: &Path,
    candidate: &Path,
    lines: &mut Vec<String>,
) -> bool {
    let needs_marker = script_text.contains(MARKER);
    let cand_str = candidate.to_string_lossy();
    let exists = candidate.exists();
    if cand_str.ends_with(".npz") || !exists {
        let produced = if exists {
            cand_str.into_owned()
        } else {
            "no error file".to_owned()
        };
        lines.push(format!(
            "FAIL error: expected the script to fail, candidate produced {produced}"
        ));
        return false;
    }
    let (code, msg) = match read_error_file(candidate) {
        Ok(x) => x,
        Err(e) => {
            lines.push(format!(
                "FAIL error: cannot read {}: {e}",
                candidate.display()
            ));
            return false;
        }
    };
    let ref_info = read_reference_info(reference);
    let info = |k: &str| {
        ref_info
            .iter()
            .rev()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let cause = info("cause").or_else(|| info("class")).unwrap_or("");
    if code.is_none_or(|c| c == 0) {
        lines.push(format!(
            "FAIL error: exit status {}, expected non-zero",
            py_opt(code)
        ));
        return false;
    }
    if py_strip(&msg.replace(MARKER, "")).is_empty() {
        lines.push("FAIL error: no error message printed".to_owned());
        return false;
    }
    if needs_marker && !msg.contains(MARKER) {
        lines.push(format!(
            "FAIL error: failed before reaching the statement marked by print('{MARKER}')"
        ));
        return false;
    }
    let last = first_chars(py_splitlines(&msg).last().copied().unwrap_or(""), 160);
    let short = cause.rsplit('.').next().unwrap_or("");
    let same = if !short.is_empty() && msg.contains(short) {
        "yes"
    } else {
        "no"
    };
    lines.push(format!(
        "ok   error: exit={} (brian2 raised {short}: {}; candidate names the same class: \
         {same}) last line: {last}",
        py_opt(code),
        first_chars(info("cause_message").unwrap_or(""), 100),
    ));
    true
}

/// `key: value` lines of a reference error file, up to the `---` line.
fn read_reference_info(path: &Path) -> Vec<(String, String)> {
    let Ok(bytes) = std::fs::read(path) else {
        return Vec::new();
    };
    let text = String::from_utf8_lossy(&bytes);
    let mut info = Vec::new();
    for line in universal_lines(&text) {
        if line.starts_with("---") {
            break;
        }
        let (k, v) = line.split_once(':').unwrap_or((line, ""));
        info.push((py_strip(k).to_owned(), py_strip(v).to_owned()));
    }
    info
}

/// Reads a candidate error file: the exit status of its `exit=N` first line (`None` if
/// absent or not an integer) and the rest of the text, stripped.
pub fn read_error_file(path: &Path) -> std::io::Result<(Option<i64>, String)> {
    let bytes = std::fs::read(path)?;
    Ok(parse_error_text(&String::from_utf8_lossy(&bytes)))
}

/// [`read_error_file`] on text.
pub fn parse_error_text(text: &str) -> (Option<i64>, String) {
    let mut lines = py_splitlines(text);
    let mut code = None;
    if let Some(rest) = lines.first().and_then(|l| l.strip_prefix("exit=")) {
        code = py_int(py_strip(rest));
        lines.remove(0);
    }
    (code, py_strip(&lines.join("\n")).to_owned())
}

/// The array called `key`.
fn get<'a>(arrays: &'a [(String, NpyArray)], key: &str) -> Option<&'a NpyArray> {
    arrays.iter().find(|(k, _)| k == key).map(|(_, a)| a)
}

/// Every policy except `error`: compares the arrays key by key.
fn compare_npz_case(
    header: &CaseHeader,
    reference: &Path,
    candidate: &Path,
    lines: &mut Vec<String>,
) -> bool {
    if !candidate.to_string_lossy().ends_with(".npz") {
        let (code, msg) = read_error_file(candidate).unwrap_or((None, String::new()));
        let tail = py_splitlines(&msg)
            .last()
            .map(|l| first_chars(l, 200))
            .unwrap_or_default();
        lines.push(format!(
            "FAIL run: candidate failed (exit={}): {tail}",
            py_opt(code)
        ));
        return false;
    }
    let reference_arrays = match read_npz(reference) {
        Ok(a) => a,
        Err(e) => {
            lines.push(format!(
                "FAIL ref: cannot read {}: {e}",
                reference.display()
            ));
            return false;
        }
    };
    let candidate_arrays = match read_npz(candidate) {
        Ok(a) => a,
        Err(e) => {
            lines.push(format!(
                "FAIL candidate: cannot read {}: {e}",
                candidate.display()
            ));
            return false;
        }
    };

    let mut ok_all = true;
    for (k, _) in &header.per_key {
        if get(&reference_arrays, k).is_none() {
            lines.push(format!(
                "FAIL {k}: named in the header but not in the reference"
            ));
            ok_all = false;
        }
    }
    for (key, ref_array) in &reference_arrays {
        let pol = header.policy_for(key);
        let Some(pol) =
            pol.filter(|p| !matches!(p.kind, PolicyKind::Ignore | PolicyKind::Unlisted))
        else {
            lines.push(format!("skip {key}"));
            continue;
        };
        let Some(cand_array) = get(&candidate_arrays, key) else {
            lines.push(format!("FAIL {key}: missing from candidate"));
            ok_all = false;
            continue;
        };
        let (ok, msg) = compare_arrays(key, pol, ref_array, cand_array);
        ok_all &= ok;
        let label = if matches!(pol.kind, PolicyKind::Stats { .. }) {
            "stats"
        } else {
            &pol.text
        };
        lines.push(format!(
            "{} {key} [{label}] {msg}",
            if ok { "ok  " } else { "FAIL" }
        ));
    }
    for (key, _) in &candidate_arrays {
        if get(&reference_arrays, key).is_none() {
            lines.push(format!("extra {key} (not in reference)"));
        }
    }
    ok_all
}

/// Compares one key under `pol` (`compare_arrays`); returns `(ok, message)`.
pub fn compare_arrays(
    key: &str,
    pol: &Policy,
    reference: &NpyArray,
    candidate: &NpyArray,
) -> (bool, String) {
    let (rf, cf) = (reference.to_f64_vec(), candidate.to_f64_vec());
    if let PolicyKind::Stats { .. } = pol.kind {
        let StatsTol { rel, abs } = pol
            .stats_tol(key)
            .unwrap_or(StatsTol { rel: 0.0, abs: 0.0 });
        let rv = np_mean(&rf);
        let cv = np_mean(&cf);
        if rv.is_nan() && cv.is_nan() {
            return (true, "both empty/nan".to_owned());
        }
        let diff = (cv - rv).abs();
        let limit = abs.max(rel * rv.abs());
        let what = if rf.len() == 1 { "value" } else { "mean" };
        let rel_diff = if rv != 0.0 {
            diff / rv.abs()
        } else {
            f64::INFINITY
        };
        let msg = format!(
            "{what} ref={} cand={} absdiff={} reldiff={} limit={}",
            fmt_g3(rv),
            fmt_g3(cv),
            fmt_g3(diff),
            fmt_g3(rel_diff),
            fmt_g3(limit)
        );
        return (diff <= limit, msg);
    }
    if reference.shape != candidate.shape {
        return (
            false,
            format!(
                "shape ref={} cand={}",
                py_shape(&reference.shape),
                py_shape(&candidate.shape)
            ),
        );
    }
    if rf.is_empty() {
        return (true, "empty".to_owned());
    }
    let d: Vec<f64> = rf
        .iter()
        .zip(&cf)
        .map(|(&r, &c)| {
            if r.is_nan() && c.is_nan() {
                0.0
            } else {
                let d = (c - r).abs();
                if d.is_nan() { f64::INFINITY } else { d }
            }
        })
        .collect();
    let maxabs = d.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let reld = rf.iter().zip(&d).map(|(&r, &d)| {
        if r.abs() > 0.0 {
            d / r.abs()
        } else if d > 0.0 {
            f64::INFINITY
        } else {
            0.0
        }
    });
    // np.max propagates NaN.
    let maxrel = reld.fold(f64::NEG_INFINITY, |m, x| {
        if m.is_nan() || x.is_nan() {
            f64::NAN
        } else {
            m.max(x)
        }
    });
    let (ok, bad) = match pol.kind {
        PolicyKind::Exact => (
            maxabs <= EXACT_ATOL,
            d.iter().filter(|&&x| x > EXACT_ATOL).count(),
        ),
        PolicyKind::Trace { rtol, atol } => {
            let lim = |r: f64| atol + rtol * r.abs();
            let ok = rf.iter().zip(&d).all(|(&r, &x)| x <= lim(r));
            (ok, rf.iter().zip(&d).filter(|&(&r, &x)| x > lim(r)).count())
        }
        _ => {
            return (
                false,
                format!("policy '{}' cannot compare arrays", pol.text),
            );
        }
    };
    let mut msg = format!(
        "maxabs={} maxrel={} n={}",
        fmt_g3(maxabs),
        fmt_g3(maxrel),
        rf.len()
    );
    if !ok {
        // np.argmax: first maximum.
        let idx = d
            .iter()
            .enumerate()
            .fold(0, |best, (k, &x)| if x > d[best] { k } else { best });
        msg += &format!(
            " bad={bad} first-worst@{} ref={} cand={}",
            py_unravel_index(idx, &reference.shape),
            fmt_g3(rf[idx]),
            fmt_g3(cf[idx])
        );
    }
    (ok, msg)
}

// ---------------------------------------------------------------------------------
// NumPy and Python behaviour needed for identical numbers and text

/// `np.mean` of a contiguous float64 array: pairwise sums over blocks of 8192 elements
/// (NumPy's buffer size), accumulated from 0.0, divided by the count; NaN if empty.
pub fn np_mean(a: &[f64]) -> f64 {
    if a.is_empty() {
        return f64::NAN;
    }
    let sum = a
        .chunks(8192)
        .fold(0.0, |acc, chunk| acc + pairwise_sum(chunk));
    sum / a.len() as f64
}

/// NumPy's `pairwise_sum` for doubles (8 accumulators, blocks of 128).
fn pairwise_sum(a: &[f64]) -> f64 {
    let n = a.len();
    if n < 8 {
        a.iter().fold(0.0, |s, &x| s + x)
    } else if n <= 128 {
        let mut r = [0.0; 8];
        r.copy_from_slice(&a[..8]);
        let mut i = 8;
        while i < n - n % 8 {
            for j in 0..8 {
                r[j] += a[i + j];
            }
            i += 8;
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for &x in &a[i..] {
            res += x;
        }
        res
    } else {
        let mut n2 = n / 2;
        n2 -= n2 % 8;
        pairwise_sum(&a[..n2]) + pairwise_sum(&a[n2..])
    }
}

/// Python's `f"{x:.3g}"`.
pub fn fmt_g3(x: f64) -> String {
    const P: i32 = 3;
    if x.is_nan() {
        return "nan".to_owned();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0" } else { "0" }.to_owned();
    }
    let sci = format!("{:.*e}", (P - 1) as usize, x);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let strip = |s: &str| -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        } else {
            s.to_owned()
        }
    };
    if (-4..P).contains(&exp) {
        strip(&format!("{:.*}", (P - 1 - exp) as usize, x))
    } else {
        format!(
            "{}e{}{:02}",
            strip(mantissa),
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        )
    }
}

/// Python's repr of a shape tuple: `()`, `(3,)`, `(2, 3)`.
fn py_shape(shape: &[usize]) -> String {
    match shape {
        [n] => format!("({n},)"),
        _ => format!(
            "({})",
            shape
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// `str(np.unravel_index(idx, shape))` with NumPy 2 scalar reprs:
/// `(np.int64(1), np.int64(3))`.
fn py_unravel_index(mut idx: usize, shape: &[usize]) -> String {
    let mut parts = vec![0usize; shape.len()];
    for (d, &n) in shape.iter().enumerate().rev() {
        if n > 0 {
            parts[d] = idx % n;
            idx /= n;
        }
    }
    let items: Vec<String> = parts.iter().map(|k| format!("np.int64({k})")).collect();
    match items.as_slice() {
        [one] => format!("({one},)"),
        _ => format!("({})", items.join(", ")),
    }
}

/// Python's repr of a list of strings: `['a', 'b']`.
fn py_list_repr(items: &[String]) -> String {
    let repr = |s: &String| {
        if s.contains('\'') && !s.contains('"') {
            format!("\"{}\"", s.replace('\\', "\\\\"))
        } else {
            format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
        }
    };
    format!(
        "[{}]",
        items.iter().map(repr).collect::<Vec<_>>().join(", ")
    )
}

/// An optional integer as Python prints it (`None`).
fn py_opt(code: Option<i64>) -> String {
    code.map_or_else(|| "None".to_owned(), |c| c.to_string())
}

/// Python's `int()` on stripped text: optional sign, digits with single underscores
/// between them.
fn py_int(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    let valid = !digits.is_empty()
        && !digits.starts_with('_')
        && !digits.ends_with('_')
        && !digits.contains("__")
        && digits.chars().all(|c| c.is_ascii_digit() || c == '_');
    if !valid {
        return None;
    }
    let clean: String = s.chars().filter(|&c| c != '_').collect();
    clean.parse().ok()
}

/// The first `n` characters (code points) of `s`, as Python's `s[:n]`.
fn first_chars(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// Python's `str.isspace` for one character.
fn py_isspace(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | '\x1c'..='\x1f'
            | ' '
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

/// Python's `str.strip()`.
fn py_strip(s: &str) -> &str {
    s.trim_matches(py_isspace)
}

/// Python's `str.split()` (runs of whitespace, no empty words).
fn py_split(s: &str) -> Vec<&str> {
    s.split(py_isspace).filter(|w| !w.is_empty()).collect()
}

/// Lines of a text file read in Python's universal-newline mode (`\n`, `\r\n`, `\r`).
fn universal_lines(text: &str) -> Vec<&str> {
    split_lines(text, |c| c == '\n' || c == '\r')
}

/// Python's `str.splitlines()`.
fn py_splitlines(text: &str) -> Vec<&str> {
    split_lines(text, |c| {
        matches!(
            c,
            '\n' | '\r'
                | '\x0b'
                | '\x0c'
                | '\x1c'
                | '\x1d'
                | '\x1e'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        )
    })
}

/// Splits at line boundaries (`\r\n` counts as one); no empty last line.
fn split_lines(text: &str, is_break: impl Fn(char) -> bool) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_break(c) {
            lines.push(&text[start..i]);
            let mut end = i + c.len_utf8();
            if c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n') {
                chars.next();
                end += 1;
            }
            start = end;
        }
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

/// Sets `key` in an insertion-ordered map (a Python dict).
fn dict_set<V>(map: &mut Vec<(String, V)>, key: &str, value: V) {
    match map.iter_mut().find(|(k, _)| k == key) {
        Some(entry) => entry.1 = value,
        None => map.push((key.to_owned(), value)),
    }
}
