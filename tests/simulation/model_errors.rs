//! Bad input gives a typed error that names the problem and points at it; never a panic.

use spikelift::check::ErrorKind;
use spikelift::prelude::*;

fn model_error(result: Result<()>) -> spikelift::check::ModelError {
    match result {
        Err(Error::Model(e)) => e,
        other => panic!("expected a model error, got {other:?}"),
    }
}

fn build_and_run(
    n: i64,
    eqs: &str,
    threshold: Option<&str>,
    reset: Option<&str>,
    method: Option<&str>,
) -> Result<()> {
    let mut net = Network::new();
    let mut g = NeuronGroup::new(n, eqs)?.namespace([("tau", 10.0 * ms)]);
    if let Some(t) = threshold {
        g = g.threshold(t);
    }
    if let Some(r) = reset {
        g = g.reset(r);
    }
    if let Some(m) = method {
        g = g.method(m);
    }
    net.add(g)?;
    net.run(1.0 * ms)
}

#[test]
fn unbalanced_parentheses_point_at_the_open_parenthesis() {
    let src = "dv/dt = (1 - v/tau : 1";
    let e = model_error(build_and_run(1, src, None, None, None));
    assert_eq!(e.kind, ErrorKind::Syntax);
    assert_eq!(e.context, "equations");
    assert!(
        e.span.start as usize >= src.find('(').unwrap(),
        "span {:?}",
        e.span
    );
}

#[test]
fn unknown_unit_is_named() {
    let src = "dv/dt = -v/tau : vollt";
    let e = model_error(build_and_run(1, src, None, None, None));
    assert_eq!(e.kind, ErrorKind::UndefinedIdentifier);
    assert_eq!(e.span.text(src), "vollt");
    assert!(e.message.contains("vollt"));
}

#[test]
fn unit_mismatch_in_an_equation_names_both_units() {
    let src = "dv/dt = -v/tau + 1*mV : volt";
    let e = model_error(build_and_run(1, src, None, None, None));
    assert_eq!(e.kind, ErrorKind::DimensionMismatch);
    assert!(e.message.contains("V"), "{}", e.message);
    assert_eq!(e.span.text(src), "-v/tau + 1*mV");
    let src = "dv/dt = -v : volt";
    let e = model_error(build_and_run(1, src, None, None, None));
    assert_eq!(e.kind, ErrorKind::DimensionMismatch);
    assert!(e.message.contains("'v'"), "{}", e.message);
}

#[test]
fn threshold_that_is_not_boolean_is_a_type_error() {
    let e = model_error(build_and_run(
        1,
        "dv/dt = -v/tau : volt",
        Some("v + 1*mV"),
        None,
        None,
    ));
    assert_eq!(e.kind, ErrorKind::Type);
    assert_eq!(e.context, "threshold");
    assert!(e.message.contains("boolean"));
}

#[test]
fn reset_assigning_the_wrong_unit_is_a_dimension_mismatch() {
    let e = model_error(build_and_run(
        1,
        "dv/dt = -v/tau : volt",
        Some("v > 1*mV"),
        Some("v = -70"),
        None,
    ));
    assert_eq!(e.kind, ErrorKind::DimensionMismatch);
    assert_eq!(e.context, "reset");
    assert_eq!(e.span.text(&e.source_text), "v = -70");
}

#[test]
fn undefined_identifier_lists_close_matches() {
    let src = "dv/dt = -v/tau_m : 1";
    let e = model_error(build_and_run(1, src, None, None, None));
    assert_eq!(e.kind, ErrorKind::UndefinedIdentifier);
    assert_eq!(e.span.text(src), "tau_m");
    assert!(e.message.contains("tau_m"));
    assert!(
        e.help.as_deref().unwrap_or("").contains("'tau'"),
        "{:?}",
        e.help
    );
}

#[test]
fn unknown_method_lists_the_methods() {
    let e = model_error(build_and_run(
        1,
        "dv/dt = -v/tau : 1",
        None,
        None,
        Some("rk5"),
    ));
    assert_eq!(e.kind, ErrorKind::Value);
    assert!(e.message.contains("rk5"));
    assert!(e.help.unwrap_or_default().contains("exponential_euler"));
}

#[test]
fn explicit_exact_for_an_oscillator_is_unsupported() {
    let e = model_error(build_and_run(
        1,
        "dx/dt = y/tau : 1\ndy/dt = -x/tau : 1",
        None,
        None,
        Some("exact"),
    ));
    assert_eq!(e.kind, ErrorKind::UnsupportedEquations);
    assert!(e.message.contains("complex"), "{}", e.message);
    let e = model_error(build_and_run(
        1,
        "dv/dt = v**2/tau : 1",
        None,
        None,
        Some("exponential_euler"),
    ));
    assert_eq!(e.kind, ErrorKind::UnsupportedEquations);
}

#[test]
fn negative_number_of_neurons_is_an_invalid_argument() {
    match NeuronGroup::new(-3, "v : 1") {
        Err(Error::InvalidArgument(msg)) => assert!(msg.contains("-3")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn errors_render_the_source_line_with_a_caret() {
    let e = model_error(build_and_run(1, "dv/dt = -v/tau_m : 1", None, None, None));
    let text = e.to_string();
    assert!(text.contains("dv/dt = -v/tau_m : 1"), "{text}");
    assert!(text.contains("^^^^^"), "{text}");
}
