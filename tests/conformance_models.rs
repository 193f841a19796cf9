//! Brian2's reference outputs for the single-neuron conformance cases, reproduced
//! through the embedded Rust API (the same model, parameters and recordings as the
//! case scripts in `tests/data/conformance/cases`), compared with the case's own
//! header policy.

mod common;

use common::conformance::compare_case;
use spikelift::io::{NpyArray, write_npz};
use spikelift::prelude::*;
use std::path::PathBuf;

type Outputs = Vec<(String, NpyArray)>;

/// (label, equations, method, recorded variables, initial values)
type GroupSpec<'a> = (&'a str, &'a str, Option<&'a str>, [&'a str; 2], [f64; 2]);

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/conformance")
}

/// Write `outputs` as the candidate `out.npz` and compare with Brian2's reference.
fn check_case(case: &str, outputs: Outputs) {
    let dir = std::env::temp_dir().join(format!(
        "spikelift-conformance-{case}-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let cand = dir.join("out.npz");
    write_npz(&cand, &outputs).unwrap();
    let script = data_dir().join("cases").join(format!("{case}.py"));
    let reference = data_dir().join("ref").join(format!("{case}.npz"));
    let report = compare_case(&script, &reference, &cand);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        report.passed,
        "{case} differs from Brian2:\n{}",
        report.lines.join("\n")
    );
}

fn vec1(values: Vec<f64>) -> NpyArray {
    NpyArray::from_vec(values)
}

/// `M.x/unit` as Brian2 returns it: one row per recorded neuron.
fn matrix(net: &Network, m: StateMonitorId, var: &str, unit: Quantity) -> NpyArray {
    let data = net.state_data(m);
    let rows: Vec<Vec<f64>> = (0..data.indices().len())
        .map(|k| data.trace(var, k).unwrap().in_unit(unit).unwrap())
        .collect();
    let cols = rows.first().map_or(0, Vec::len);
    NpyArray::matrix(rows.len(), cols, rows.concat()).unwrap()
}

fn trace0(net: &Network, m: StateMonitorId, var: &str, unit: Quantity) -> NpyArray {
    vec1(
        net.state_data(m)
            .trace(var, 0)
            .unwrap()
            .in_unit(unit)
            .unwrap(),
    )
}

fn spikes(net: &Network, s: SpikeMonitorId, out: &mut Outputs) {
    let d = net.spike_data(s);
    out.push((
        "spike_i".into(),
        vec1(d.i().iter().map(|&i| i as f64).collect()),
    ));
    out.push(("spike_t".into(), vec1(d.t().in_unit(ms).unwrap())));
    out.push((
        "count".into(),
        vec1(d.count().iter().map(|&c| c as f64).collect()),
    ));
}

#[test]
fn ng_lif_basic() {
    let mut net = Network::new();
    net.set_default_dt(0.1 * ms).unwrap();
    let g = net
        .add(
            NeuronGroup::new(
                6,
                "dv/dt = (v_rest - v + R*I)/tau : volt\nI : amp (constant)",
            )
            .unwrap()
            .threshold("v > v_th")
            .reset("v = v_reset")
            .refractory(3.0 * ms)
            .method("exact")
            .namespace([
                ("tau", 10.0 * ms),
                ("v_rest", -70.0 * mV),
                ("v_th", -50.0 * mV),
                ("v_reset", -65.0 * mV),
                ("R", 100.0 * Mohm),
            ]),
        )
        .unwrap();
    net.set(g, "v", -70.0 * mV).unwrap();
    net.set(g, "I", "i*0.07*nA + 0.15*nA").unwrap();
    let m = net
        .state_monitor(g, &["v"], StateMonitorOptions::default())
        .unwrap();
    let s = net.spike_monitor(g).unwrap();
    net.run(60.0 * ms).unwrap();
    let mut out = Outputs::new();
    spikes(&net, s, &mut out);
    out.push((
        "num_spikes".into(),
        vec1(vec![net.spike_data(s).num_spikes() as f64]),
    ));
    out.push(("t".into(), vec1(net.state_data(m).t().in_unit(ms).unwrap())));
    out.push(("v".into(), matrix(&net, m, "v", mV)));
    out.push((
        "v_end".into(),
        vec1(net.get(g, "v").unwrap().in_unit(mV).unwrap()),
    ));
    check_case("ng_lif_basic", out);
}

#[test]
fn ng_integrators() {
    let mut net = Network::new();
    net.set_default_dt(0.05 * ms).unwrap();
    net.set_constant("tau", 1.0 * ms);
    net.set_constant("tau_w", 12.5 * ms);
    net.set_constant("I_ext", 0.5);
    let fhn = "dv/dt = (v - v**3/3 - w + I_ext)/tau : 1\ndw/dt = (v + 0.7 - 0.8*w)/tau_w : 1";
    let cl =
        "dx/dt = (cos(y) - x*(1 + y**2))/tau : 1\ndy/dt = (x - y*(1 + x**2)*0.5 + 0.3)/tau : 1";
    let lin = "dx/dt = (y - x)/(2*ms) : 1\ndy/dt = (0.5 - y)/(5*ms) : 1";
    let osc = "dx/dt = y/(2*ms) : 1\ndy/dt = (-x - 0.3*y + 0.5)/(2*ms) : 1";
    let mut groups = Vec::new();
    let specs: [GroupSpec<'_>; 13] = [
        ("euler", fhn, Some("euler"), ["v", "w"], [-1.0, 1.0]),
        ("rk2", fhn, Some("rk2"), ["v", "w"], [-1.0, 1.0]),
        ("rk4", fhn, Some("rk4"), ["v", "w"], [-1.0, 1.0]),
        ("heun", fhn, Some("heun"), ["v", "w"], [-1.0, 1.0]),
        ("default", fhn, None, ["v", "w"], [-1.0, 1.0]),
        (
            "expeuler",
            cl,
            Some("exponential_euler"),
            ["x", "y"],
            [2.0, -1.0],
        ),
        ("cl_rk4", cl, Some("rk4"), ["x", "y"], [2.0, -1.0]),
        ("osc_default", osc, None, ["x", "y"], [1.0, 0.0]),
        ("osc_euler", osc, Some("euler"), ["x", "y"], [1.0, 0.0]),
        ("exact", lin, Some("exact"), ["x", "y"], [1.0, 0.0]),
        ("linear", lin, Some("linear"), ["x", "y"], [1.0, 0.0]),
        ("lin_default", lin, None, ["x", "y"], [1.0, 0.0]),
        ("lin_euler", lin, Some("euler"), ["x", "y"], [1.0, 0.0]),
    ];
    for (label, eqs, method, vars, init) in specs {
        let mut ng = NeuronGroup::new(1, eqs).unwrap();
        if let Some(m) = method {
            ng = ng.method(m);
        }
        let g = net.add(ng).unwrap();
        net.set(g, vars[0], init[0]).unwrap();
        net.set(g, vars[1], init[1]).unwrap();
        let m = net
            .state_monitor(
                g,
                &vars,
                StateMonitorOptions {
                    record: Record::Indices(vec![0]),
                    ..Default::default()
                },
            )
            .unwrap();
        groups.push((label, vars, m));
    }
    net.run(50.0 * ms).unwrap();
    let mut out = Outputs::new();
    out.push((
        "t".into(),
        vec1(net.state_data(groups[0].2).t().in_unit(ms).unwrap()),
    ));
    for (label, vars, m) in &groups {
        for v in vars {
            out.push((
                format!("{v}_{label}"),
                trace0(&net, *m, v, Quantity::from(1.0)),
            ));
        }
    }
    check_case("ng_integrators", out);
}

#[test]
fn ng_refractory() {
    let mut net = Network::new();
    net.set_default_dt(0.1 * ms).unwrap();
    net.set_constant("tau", 5.0 * ms);
    net.set_constant("f", 40.0 * Hz);
    let clamp = net
        .add(
            NeuronGroup::new(1, "dv/dt = (-40*mV - v)/tau : volt (unless refractory)")
                .unwrap()
                .threshold("v > -50*mV")
                .reset("v = -70*mV")
                .refractory(2.5 * ms)
                .method("exact"),
        )
        .unwrap();
    net.set(clamp, "v", -70.0 * mV).unwrap();
    let free = net
        .add(
            NeuronGroup::new(1, "dv/dt = (-40*mV - v)/tau : volt")
                .unwrap()
                .threshold("v > -50*mV")
                .reset("v = -45*mV")
                .refractory(2.5 * ms)
                .method("exact"),
        )
        .unwrap();
    net.set(free, "v", -70.0 * mV).unwrap();
    let var = net
        .add(
            NeuronGroup::new(
                4,
                "dv/dt = (-40*mV - v)/tau : volt (unless refractory)\nref : second (constant)",
            )
            .unwrap()
            .threshold("v > -50*mV")
            .reset("v = -70*mV")
            .refractory("ref")
            .method("exact"),
        )
        .unwrap();
    net.set(var, "v", -70.0 * mV).unwrap();
    net.set(var, "ref", "i*1.5*ms").unwrap();
    let cond = net
        .add(
            NeuronGroup::new(
                1,
                "dv/dt = (-55*mV + 15*mV*sin(2*pi*f*t) - v)/(2*ms) : volt",
            )
            .unwrap()
            .threshold("v > -50*mV")
            .refractory("v > -55*mV")
            .method("euler"),
        )
        .unwrap();
    net.set(cond, "v", -60.0 * mV).unwrap();
    let m_clamp = net
        .state_monitor(
            clamp,
            &["v", "not_refractory", "lastspike"],
            StateMonitorOptions::default(),
        )
        .unwrap();
    let m_free = net
        .state_monitor(
            free,
            &["v", "not_refractory"],
            StateMonitorOptions::default(),
        )
        .unwrap();
    let m_cond = net
        .state_monitor(cond, &["v"], StateMonitorOptions::default())
        .unwrap();
    let s_clamp = net.spike_monitor(clamp).unwrap();
    let s_free = net.spike_monitor(free).unwrap();
    let s_var = net.spike_monitor(var).unwrap();
    let s_cond = net.spike_monitor(cond).unwrap();
    net.run(40.0 * ms).unwrap();
    let times = |s| vec1(net.spike_data(s).t().in_unit(ms).unwrap());
    let one = Quantity::from(1.0);
    let out: Outputs = vec![
        ("clamp_t".into(), times(s_clamp)),
        ("free_t".into(), times(s_free)),
        (
            "var_i".into(),
            vec1(
                net.spike_data(s_var)
                    .i()
                    .iter()
                    .map(|&i| i as f64)
                    .collect(),
            ),
        ),
        ("var_t".into(), times(s_var)),
        ("cond_t".into(), times(s_cond)),
        ("v_clamp".into(), trace0(&net, m_clamp, "v", mV)),
        ("v_free".into(), trace0(&net, m_free, "v", mV)),
        ("v_cond".into(), trace0(&net, m_cond, "v", mV)),
        (
            "notref_clamp".into(),
            trace0(&net, m_clamp, "not_refractory", one),
        ),
        (
            "notref_free".into(),
            trace0(&net, m_free, "not_refractory", one),
        ),
        (
            "lastspike_clamp".into(),
            trace0(&net, m_clamp, "lastspike", ms),
        ),
        (
            "lastspike_end".into(),
            vec1(net.get(var, "lastspike").unwrap().in_unit(ms).unwrap()),
        ),
    ];
    check_case("ng_refractory", out);
}

#[test]
fn model_izhikevich() {
    let mut net = Network::new();
    net.set_default_dt(0.05 * ms).unwrap();
    let eqs = "
dv/dt = (0.04/ms/mV)*v**2 + (5/ms)*v + 140*mV/ms - u + I : volt
du/dt = a*(b*v - u) : volt/second
a : Hz (constant)
b : Hz (constant)
c : volt (constant)
d : volt/second (constant)
I : volt/second
";
    let g = net
        .add(
            NeuronGroup::new(4, eqs)
                .unwrap()
                .threshold("v >= 30*mV")
                .reset("v = c; u += d")
                .method("euler"),
        )
        .unwrap();
    net.set(
        g,
        "a",
        &QuantityArray::new(vec![0.02, 0.02, 0.02, 0.1], Dimension::DIMENSIONLESS) / ms,
    )
    .unwrap();
    net.set(g, "b", 0.2 / ms).unwrap();
    net.set(
        g,
        "c",
        &QuantityArray::new(vec![-65.0, -55.0, -50.0, -65.0], Dimension::DIMENSIONLESS) * mV,
    )
    .unwrap();
    net.set(
        g,
        "d",
        &QuantityArray::new(vec![8.0, 4.0, 2.0, 2.0], Dimension::DIMENSIONLESS) * (mV / ms),
    )
    .unwrap();
    net.set(g, "v", -65.0 * mV).unwrap();
    net.set(g, "u", "b*v").unwrap();
    let m = net
        .state_monitor(
            g,
            &["v", "u"],
            StateMonitorOptions {
                dt: Some(0.5 * ms),
                ..Default::default()
            },
        )
        .unwrap();
    let s = net.spike_monitor(g).unwrap();
    net.run(10.0 * ms).unwrap();
    net.set(g, "I", 10.0 * mV / ms).unwrap();
    net.run(150.0 * ms).unwrap();
    let mut out = Outputs::new();
    spikes(&net, s, &mut out);
    out.push(("v".into(), matrix(&net, m, "v", mV)));
    out.push(("u".into(), matrix(&net, m, "u", mV / ms)));
    check_case("model_izhikevich", out);
}

#[test]
fn model_hh() {
    let area = 20000.0 * um * um;
    let mut net = Network::new();
    net.set_default_dt(0.01 * ms).unwrap();
    let eqs = "
dv/dt = (gl*(El-v) - g_na*(m*m*m)*h*(v-ENa) - g_kd*(n*n*n*n)*(v-EK) + I)/Cm : volt
dm/dt = 0.32*(mV**-1)*4*mV/exprel((13.*mV-v+VT)/(4*mV))/ms*(1-m)-0.28*(mV**-1)*5*mV/exprel((v-VT-40.*mV)/(5*mV))/ms*m : 1
dn/dt = 0.032*(mV**-1)*5*mV/exprel((15.*mV-v+VT)/(5*mV))/ms*(1.-n)-.5*exp((10.*mV-v+VT)/(40.*mV))/ms*n : 1
dh/dt = 0.128*exp((17.*mV-v+VT)/(18.*mV))/ms*(1.-h)-4./(1+exp((40.*mV-v+VT)/(5.*mV)))/ms*h : 1
I : amp
";
    let per_cm2 = 1.0 / (cm * cm);
    let g = net
        .add(
            NeuronGroup::new(4, eqs)
                .unwrap()
                .threshold("v > -40*mV")
                .refractory("v > -40*mV")
                .method("exponential_euler")
                .namespace([
                    ("Cm", 1.0 * ufarad * per_cm2 * area),
                    ("gl", 5e-5 * siemens * per_cm2 * area),
                    ("El", -65.0 * mV),
                    ("EK", -90.0 * mV),
                    ("ENa", 50.0 * mV),
                    ("g_na", 100.0 * msiemens * per_cm2 * area),
                    ("g_kd", 30.0 * msiemens * per_cm2 * area),
                    ("VT", -63.0 * mV),
                ]),
        )
        .unwrap();
    net.set(g, "v", -65.0 * mV).unwrap();
    net.set(g, "I", "0.25*nA * i").unwrap();
    let m = net
        .state_monitor(
            g,
            &["v", "m", "h", "n"],
            StateMonitorOptions {
                dt: Some(0.1 * ms),
                ..Default::default()
            },
        )
        .unwrap();
    let s = net.spike_monitor(g).unwrap();
    net.run(60.0 * ms).unwrap();
    let mut out = Outputs::new();
    spikes(&net, s, &mut out);
    let one = Quantity::from(1.0);
    out.push(("v".into(), matrix(&net, m, "v", mV)));
    out.push(("m".into(), matrix(&net, m, "m", one)));
    out.push(("h".into(), matrix(&net, m, "h", one)));
    out.push(("n".into(), matrix(&net, m, "n", one)));
    check_case("model_hh", out);
}

#[test]
fn model_qif_rk4() {
    let mut net = Network::new();
    net.set_default_dt(0.02 * ms).unwrap();
    let g = net
        .add(
            NeuronGroup::new(5, "dv/dt = (v**2 + I)/tau : 1\nI : 1 (constant)")
                .unwrap()
                .threshold("v > 20")
                .reset("v = -20")
                .method("rk4")
                .namespace([("tau", 2.0 * ms)]),
        )
        .unwrap();
    net.set(g, "I", "0.5 + 0.5*i").unwrap();
    net.set(g, "v", -20.0).unwrap();
    let m = net
        .state_monitor(
            g,
            &["v"],
            StateMonitorOptions {
                dt: Some(0.1 * ms),
                ..Default::default()
            },
        )
        .unwrap();
    let s = net.spike_monitor(g).unwrap();
    net.run(40.0 * ms).unwrap();
    let mut out = Outputs::new();
    spikes(&net, s, &mut out);
    out.push(("v".into(), matrix(&net, m, "v", Quantity::from(1.0))));
    check_case("model_qif_rk4", out);
}
