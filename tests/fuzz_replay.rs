//! The fuzz targets on stable, in every `cargo test`: each target's property (shared
//! with `fuzz/fuzz_targets/` through `#[path]`, see `tests/fuzz_props/mod.rs`) runs
//! over every file of `fuzz/corpus/<target>/` (the seed corpus) and
//! `fuzz/regressions/<target>/` (every input the fuzzer ever found failing), then
//! over a short proptest run with a fixed seed. The real fuzzer: `fuzz/README.md`.

#[path = "fuzz_props/mod.rs"]
mod props;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestRunner};
use std::cell::Cell;
use std::path::{Path, PathBuf};

fn files(kind: &str, target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(kind)
        .join(target);
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}

fn property(target: &str) -> props::Property {
    props::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .map(|(_, f)| *f)
        .expect("known target")
}

/// Every corpus and regression file of `target` satisfies its property.
fn replay(target: &str) {
    let corpus = files("corpus", target);
    assert!(
        !corpus.is_empty(),
        "fuzz/corpus/{target}/ must hold a seed corpus"
    );
    let f = property(target);
    for path in corpus.iter().chain(&files("regressions", target)) {
        let data = std::fs::read(path).expect("readable corpus file");
        let result = std::panic::catch_unwind(|| f(&data));
        if let Err(panic) = result {
            eprintln!("property of target '{target}' fails on {}", path.display());
            std::panic::resume_unwind(panic);
        }
    }
}

/// A runner of `cases` cases with a fixed seed (reproducible in CI).
fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        rng_seed: RngSeed::Fixed(0x5eed_f022),
        failure_persistence: None,
        ..Config::default()
    })
}

/// A short proptest run of `target`.
fn seeded(target: &str, cases: u32, inputs: BoxedStrategy<Vec<u8>>) {
    let f = property(target);
    let mut runner = runner(cases);
    let result = runner.run(&inputs, |data| {
        f(&data);
        Ok(())
    });
    if let Err(e) = result {
        panic!("target '{target}': {e}");
    }
}

/// Corpus files of `target` with random edits, and text from `pieces`.
fn text_inputs(target: &str, pieces: &'static [&'static str]) -> BoxedStrategy<Vec<u8>> {
    let corpus: Vec<Vec<u8>> = files("corpus", target)
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .collect();
    let mutated = (
        prop::sample::select(corpus),
        prop::collection::vec((any::<prop::sample::Index>(), 0..4usize, 0..3usize), 1..4),
        prop::collection::vec(prop::sample::select(pieces), 3),
    )
        .prop_map(|(mut data, edits, inserts)| {
            for (k, (at, delete, insert)) in edits.into_iter().enumerate() {
                let start = at.index(data.len() + 1);
                let end = (start + delete).min(data.len());
                let piece = inserts[(k + insert) % inserts.len()].as_bytes().to_vec();
                data.splice(start..end, piece);
            }
            data
        });
    let pieces = prop::collection::vec(prop::sample::select(pieces), 0..40)
        .prop_map(|v| v.concat().into_bytes());
    prop_oneof![
        2 => mutated,
        2 => pieces,
        1 => prop::collection::vec(any::<u8>(), 0..64),
    ]
    .boxed()
}

const MODEL_PIECES: &[&str] = &[
    "v",
    "w",
    "dv",
    "/dt",
    "dt",
    " ",
    "\n",
    "\r\n",
    "\t",
    "=",
    "==",
    "+=",
    "*=",
    ":",
    "(",
    ")",
    ",",
    ";",
    "+",
    "-",
    "*",
    "**",
    "/",
    "//",
    "%",
    "<",
    ">=",
    "!=",
    "and",
    "or",
    "not",
    "1",
    "2.5",
    ".5e-3",
    "1e",
    "1e999",
    "volt",
    "mV",
    "ms",
    "#c",
    "\\\n",
    "(constant)",
    "(unless refractory)",
    "(shared)",
    "(constant over dt)",
    "é",
    ".",
    "exp(",
    "clip(",
    "dv/dt = -v/tau : volt\n",
    "x : 1\n",
    "s = v/mV : 1\n",
    "@threshold ",
    "@reset ",
    "@refractory ",
    "@method ",
    "@set v ",
    "@n ",
    "euler",
    "exact",
    "rk4",
    "i",
    "N",
    "t",
    "True",
    "inf",
    "pi",
];

const SCRIPT_PIECES: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    ".",
    ";",
    "=",
    "==",
    "+",
    "-",
    "*",
    "**",
    "/",
    "//",
    "%",
    "@",
    "<",
    ">",
    "!=",
    "~",
    "&",
    "|",
    "^",
    "'",
    "\"",
    "'''",
    "\\",
    "\n",
    "\r\n",
    "\t",
    " ",
    "    ",
    "#",
    "x",
    "G.v",
    "1",
    "1.5e-3",
    ".5",
    "0x1f",
    "1_0",
    "if ",
    "else",
    "elif ",
    "for ",
    " in ",
    "not ",
    "and ",
    "or ",
    "is ",
    "def ",
    "lambda",
    "pass",
    "import",
    "from ",
    "as ",
    "ms",
    "é",
    "\u{feff}",
    "'a'",
    "r'\\d'",
    "f'",
    "\\n",
    ":=",
    "None",
    "True",
    "run(10*ms)\n",
    "G = NeuronGroup(10, 'dv/dt = -v/tau : 1')\n",
];

#[test]
fn equations_corpus_and_regressions() {
    replay("equations");
}

#[test]
fn equations_seeded() {
    seeded("equations", 256, text_inputs("equations", MODEL_PIECES));
}

#[test]
fn expression_corpus_and_regressions() {
    replay("expression");
}

#[test]
fn expression_seeded() {
    seeded("expression", 256, text_inputs("expression", MODEL_PIECES));
}

#[test]
fn front_end_corpus_and_regressions() {
    replay("front_end");
}

#[test]
fn front_end_seeded() {
    seeded("front_end", 48, text_inputs("front_end", MODEL_PIECES));
}

#[test]
fn script_corpus_and_regressions() {
    replay("script");
}

#[test]
fn script_seeded() {
    seeded("script", 128, text_inputs("script", SCRIPT_PIECES));
}

/// How many runs of a target ended without an error, and how many of them spiked.
#[derive(Default)]
struct Reach {
    total: Cell<usize>,
    ran: Cell<usize>,
    spiked: Cell<usize>,
}

impl Reach {
    fn count(&self, spec: &props::sim::ModelSpec) {
        let out = props::sim::check_backends_agree(spec);
        self.total.set(self.total.get() + 1);
        if out.error.is_none() {
            self.ran.set(self.ran.get() + 1);
        }
        if out.spikes.is_some_and(|(i, _)| !i.is_empty()) {
            self.spiked.set(self.spiked.get() + 1);
        }
    }

    /// At least two thirds of the models ran to the end and at least `spiked` spiked.
    fn check(&self, what: &str, spiked: usize) {
        let (total, ran) = (self.total.get(), self.ran.get());
        assert!(
            total > 0 && 3 * ran >= 2 * total,
            "{what}: only {ran} of {total} models ran to the end"
        );
        assert!(
            self.spiked.get() >= spiked,
            "{what}: only {} models spiked",
            self.spiked.get()
        );
    }
}

/// The targets that run models get that far: most models of the seed corpus and of
/// the generator run to the end, and some spike. (If a directive, the namespace or the
/// generator broke, every input would stop at an early error, on which the two
/// backends trivially agree, and the properties above would pass without testing.)
#[test]
fn front_end_and_differential_reach_the_simulation() {
    let reach = Reach::default();
    for path in files("corpus", "front_end") {
        let data = std::fs::read(&path).expect("readable corpus file");
        if let Some(spec) = props::front_end::spec_of(&props::text(&data)) {
            reach.count(&spec);
        }
    }
    reach.check("front_end seed corpus", 5);

    let reach = Reach::default();
    let inputs = prop::collection::vec(any::<u8>(), 0..512);
    let result = runner(48).run(&inputs, |data| {
        let mut u = arbitrary::Unstructured::new(&data);
        if let Ok(spec) = props::differential::generate(&mut u) {
            reach.count(&spec);
        }
        Ok(())
    });
    result.expect("the backends agree");
    reach.check("generated models", 5);
}

#[test]
fn differential_corpus_and_regressions() {
    replay("differential");
}

#[test]
fn differential_seeded() {
    seeded(
        "differential",
        48,
        prop::collection::vec(any::<u8>(), 0..512).boxed(),
    );
}
