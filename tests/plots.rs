//! Plots through the `spikelift` binary: a script makes every kind of plot with the
//! brian2tools-style builtins (`brian_plot`, `plot_raster`, `plot_state`, `plot_rate`);
//! each PNG decodes, has the requested size and has ink in its plot area; SVGs carry
//! their axis labels as text; bad file names are clear errors; `spikelift plot` draws
//! arrays of an `.npz` file.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("spikelift-plots-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `spikelift ARGS...` in `dir`: (exit code, stdout, stderr).
fn spikelift(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_spikelift"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// Runs `src` as `script.py` in a fresh directory: (exit code, stdout, stderr, dir).
fn run_script(name: &str, cmd: &str, src: &str) -> (i32, String, String, PathBuf) {
    let dir = workdir(name);
    std::fs::write(dir.join("script.py"), src).unwrap();
    let (code, out, err) = spikelift(&dir, &[cmd, "script.py"]);
    (code, out, err, dir)
}

/// A decoded PNG: width, height, RGB(A) pixels and bytes per pixel.
struct Image {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
    channels: usize,
}

fn decode(path: &Path) -> Image {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    pixels.truncate(info.buffer_size());
    Image {
        width: info.width,
        height: info.height,
        channels: info.color_type.samples(),
        pixels,
    }
}

impl Image {
    /// Pixels darker than mid-grey or clearly coloured (any channel well below 200,
    /// the lines and dots) in the central part of the image, inside the axes.
    fn ink_in_plot_area(&self) -> usize {
        let (w, h) = (self.width as usize, self.height as usize);
        let mut n = 0;
        for y in h / 5..h * 4 / 5 {
            for x in w / 5..w * 4 / 5 {
                let k = (y * w + x) * self.channels;
                if self.pixels[k..k + 3].iter().any(|c| *c < 150) {
                    n += 1;
                }
            }
        }
        n
    }
}

fn assert_png(path: &Path, size: (u32, u32), min_ink: usize) {
    let image = decode(path);
    assert_eq!(
        (image.width, image.height),
        size,
        "{}: image size",
        path.display()
    );
    let ink = image.ink_in_plot_area();
    assert!(
        ink >= min_ink,
        "{}: only {ink} inked pixels in the plot area",
        path.display()
    );
}

/// 20 LIF neurons with drives growing with the index (the README's pictures).
const LIF: &str = "from brian2 import *
from brian2tools import *
import numpy as np
N = 20
tau = 10*ms
eqs = '''
dv/dt = (-70*mV - v + 100*Mohm*I)/tau : volt (unless refractory)
I : amp (constant)
'''
G = NeuronGroup(N, eqs, threshold='v > -50*mV', reset='v = -65*mV', refractory=3*ms, method='exact')
G.v = -70*mV
G.I = 'i*0.015*nA + 0.18*nA'
S = SpikeMonitor(G)
M = StateMonitor(G, 'v', record=[0, 10, 19])
run(100*ms)
";

#[test]
fn a_script_makes_every_kind_of_plot() {
    let src = format!(
        "{LIF}
brian_plot(S)
brian_plot(M, filename='monitor_state.png')
plot_raster(S.i, S.t, filename='raster.png', color='k', title='Spikes')
plot_state(M.t, M.v.T, var_name='v', filename='state.png', figsize=(6.4, 4))
plot_state(M.t, M[10].v, filename='one.png')
t = np.arange(0, 100)*ms
plot_rate(t, 50*Hz + 30*Hz*np.sin(t/(10*ms)), filename='rate.png')
brian_plot(S)
np.savez('out.npz', i=np.array(S.i), t=S.t/ms, tv=M.t/ms, v=M.v/mV)
"
    );
    let (code, out, err, dir) = run_script("kinds", "run", &src);
    assert_eq!(code, 0, "{err}");
    // Without filename=, figures are numbered and their paths printed.
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        ["wrote figure_1.png", "wrote figure_2.png"]
    );
    for name in ["figure_1.png", "figure_2.png", "raster.png"] {
        assert_png(&dir.join(name), (800, 600), 300);
    }
    for name in ["monitor_state.png", "one.png", "rate.png"] {
        assert_png(&dir.join(name), (800, 600), 500);
    }
    assert_png(&dir.join("state.png"), (640, 400), 500);
    assert_eq!(
        std::fs::read(dir.join("figure_1.png")).unwrap(),
        std::fs::read(dir.join("figure_2.png")).unwrap(),
        "the same figure twice gives the same bytes"
    );
    // No temporary files are left behind.
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");

    // spikelift plot on the saved arrays: a raster by default, traces from a 2-d array.
    let (code, out, err) = spikelift(&dir, &["plot", "out.npz", "i", "t"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.trim(),
        format!(
            "wrote {} (raster)",
            Path::new("out.npz").with_extension("png").display()
        )
    );
    assert_png(&dir.join("out.png"), (800, 600), 300);
    let (code, out, err) = spikelift(
        &dir,
        &[
            "plot", "out.npz", "tv", "v", "-o", "v.svg", "--ylabel", "v (mV)",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("(traces)"), "{out}");
    let svg = std::fs::read_to_string(dir.join("v.svg")).unwrap();
    assert!(svg.contains("<svg") && svg.contains("v (mV)") && svg.contains("Time (ms)"));
    let (code, _, err) = spikelift(
        &dir,
        &[
            "plot", "out.npz", "t", "i", "--kind", "rate", "-o", "r.png", "--width", "300",
            "--height", "200",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_png(&dir.join("r.png"), (300, 200), 50);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn svg_plots_carry_their_axis_labels_as_text() {
    let src = format!(
        "{LIF}
brian_plot(M, filename='state.svg')
plot_raster(S.i, S.t, filename='raster.SVG')
"
    );
    let (code, _, err, dir) = run_script("svg", "run", &src);
    assert_eq!(code, 0, "{err}");
    let state = std::fs::read_to_string(dir.join("state.svg")).unwrap();
    assert!(
        state.starts_with("<svg"),
        "{}",
        &state[..50.min(state.len())]
    );
    assert!(state.contains("Time (ms)") && state.contains("v (mV)"));
    let raster = std::fs::read_to_string(dir.join("raster.SVG")).unwrap();
    assert!(raster.contains("<svg") && raster.contains("Neuron index"));
    assert!(raster.contains("<circle"), "a dot per spike");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn bad_plot_arguments_are_clear_errors() {
    let cases = [
        (
            "ext",
            "plot_raster(S.i, S.t, filename='raster.jpg')",
            ".png or .svg",
        ),
        (
            "lengths",
            "plot_raster(S.i, S.t[:-1], filename='r.png')",
            "same length",
        ),
        (
            "layout",
            "plot_state(M.t, M.v, filename='s.png')",
            "pass M.v.T",
        ),
        (
            "time",
            "plot_rate(M.v[0], M.v[0], filename='r.png')",
            "units of time",
        ),
        (
            "kwarg",
            "brian_plot(S, filenme='r.png')",
            "did you mean 'filename'",
        ),
        (
            "object",
            "brian_plot(G, filename='g.png')",
            "SpikeMonitor or a StateMonitor",
        ),
        (
            "dir",
            "brian_plot(S, filename='no/such/dir/r.png')",
            "OSError",
        ),
        (
            "color",
            "brian_plot(S, filename='r.png', color='puce')",
            "unknown color",
        ),
    ];
    for (name, line, needle) in cases {
        let (code, _, err, dir) = run_script(name, "run", &format!("{LIF}{line}\n"));
        assert_ne!(code, 0, "{name}: must fail");
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(
            err.contains(needle),
            "{name}: the message must mention '{needle}':\n{err}"
        );
        let written: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| n != "script.py")
            .collect();
        assert!(
            written.is_empty(),
            "{name}: nothing is written: {written:?}"
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
fn spikelift_check_validates_plots_without_writing_them() {
    let (code, _, err, dir) = run_script("check", "check", &format!("{LIF}brian_plot(S)\n"));
    assert_eq!(code, 0, "{err}");
    assert!(!dir.join("figure_1.png").exists());
    let _ = std::fs::remove_dir_all(dir);
    let (code, _, err, dir) = run_script(
        "check-bad",
        "check",
        &format!("{LIF}brian_plot(S, filename='x.gif')\n"),
    );
    assert_ne!(code, 0);
    assert!(err.contains(".png or .svg"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn spikelift_plot_reports_missing_keys_and_bad_files() {
    let dir = workdir("npz");
    spikelift::io::write_npz(
        dir.join("d.npz"),
        &[
            (
                "i".to_string(),
                spikelift::io::NpyArray::from_vec(vec![0i64, 1, 1]),
            ),
            (
                "t".to_string(),
                spikelift::io::NpyArray::from_vec(vec![1.0, 2.0, 3.0]),
            ),
            (
                "u".to_string(),
                spikelift::io::NpyArray::from_vec(vec![1.0, 2.0]),
            ),
        ],
    )
    .unwrap();
    let (code, _, err) = spikelift(&dir, &["plot", "d.npz", "i", "x"]);
    assert_ne!(code, 0);
    assert!(
        err.contains("no array 'x'") && err.contains("i, t, u"),
        "{err}"
    );
    let (code, _, err) = spikelift(&dir, &["plot", "d.npz", "i", "u"]);
    assert_ne!(code, 0);
    assert!(err.contains("expected 3 values, got 2"), "{err}");
    let (code, _, err) = spikelift(&dir, &["plot", "d.npz", "i", "t", "-o", "d.pdf"]);
    assert_ne!(code, 0);
    assert!(err.contains(".png or .svg"), "{err}");
    let (code, _, err) = spikelift(&dir, &["plot", "missing.npz", "i", "t"]);
    assert_ne!(code, 0);
    assert!(err.contains("missing.npz"), "{err}");
    let (code, _, err) = spikelift(&dir, &["plot", "d.npz"]);
    assert_ne!(code, 0);
    assert!(err.contains("name the arrays"), "{err}");
    // A single 1-d array: one trace over the sample number.
    let (code, out, err) = spikelift(&dir, &["plot", "d.npz", "t", "-o", "t.png"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("(traces)"), "{out}");
    assert_png(&dir.join("t.png"), (800, 600), 100);
    assert!(!dir.join("d.png").exists());
    let _ = std::fs::remove_dir_all(dir);
}
