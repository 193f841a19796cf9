//! Unit tests of the plotting module: formats by extension, axis ranges, display
//! units, and the pixels of a rendered chart.

use super::draw::{Chart, Mark, Series, auto_range, render_png, tick_label};
use super::*;
use crate::units::{Dimension, lookup_unit};

#[test]
fn format_follows_the_extension() {
    assert_eq!(Format::from_path(Path::new("a.png")).unwrap(), Format::Png);
    assert_eq!(
        Format::from_path(Path::new("dir/A.SVG")).unwrap(),
        Format::Svg
    );
    for bad in ["a.jpg", "a", "png", "a.png.txt"] {
        let err = Format::from_path(Path::new(bad)).unwrap_err();
        assert!(matches!(err, PlotError::UnknownFormat { .. }), "{bad}");
        assert!(err.to_string().contains(".png or .svg"), "{err}");
    }
}

#[test]
fn ranges_have_matplotlib_margins() {
    assert_eq!(auto_range(&[0.0, 100.0]), (-5.0, 105.0));
    assert_eq!(auto_range(&[f64::NAN, 2.0, f64::INFINITY, 4.0]), (1.9, 4.1));
    assert_eq!(auto_range(&[]), (0.0, 1.0));
    assert_eq!(auto_range(&[0.0]), (-0.5, 0.5));
    let (lo, hi) = auto_range(&[-65.0]);
    assert!(lo < -65.0 && hi > -65.0);
}

#[test]
fn tick_labels_are_short() {
    assert_eq!(tick_label(20.0), "20");
    assert_eq!(tick_label(2.5), "2.5");
    assert_eq!(tick_label(-65.0), "\u{2212}65");
    assert_eq!(tick_label(-0.0000001), "0");
    assert_eq!(tick_label(0.30000000000000004), "0.3");
}

#[test]
fn display_units_put_values_near_ten() {
    assert_eq!(
        display_unit(Dimension::VOLTAGE, &[-0.070, -0.050]).symbol,
        "mV"
    );
    assert_eq!(display_unit(Dimension::TIME, &[0.002, 0.1]).symbol, "ms");
    assert_eq!(display_unit(Dimension::CONDUCTANCE, &[1e-8]).symbol, "nS");
    let u = display_unit(Dimension::VOLTAGE, &[0.0, f64::NAN]);
    assert_eq!((u.scale, u.symbol.as_str()), (1.0, "V"));
    assert_eq!(u.label("v"), "v (V)");
    assert_eq!(DisplayUnit::none().label("i"), "i");
    // A dimension without a named unit keeps SI values.
    let odd = Dimension::VOLTAGE.div(Dimension::TIME);
    assert_eq!(display_unit(odd, &[1.0]).scale, 1.0);
    let ms = unit_of(lookup_unit("ms").unwrap().quantity());
    assert_eq!((ms.scale, ms.symbol.as_str()), (1e-3, "ms"));
    assert_eq!(quantity_name(Dimension::VOLTAGE), "Voltage");
}

#[test]
fn png_has_the_requested_size_and_ink_in_the_plot_area() {
    let t: Vec<f64> = (0..100).map(f64::from).collect();
    let y: Vec<f64> = t.iter().map(|x| (x / 10.0).sin()).collect();
    let chart = Chart {
        title: Some("title"),
        x_label: "Time (ms)",
        y_label: "v (mV)",
        x_range: auto_range(&t),
        y_range: auto_range(&y),
        integer_y: false,
        series: vec![Series {
            xs: &t,
            ys: &y,
            color: plotters::style::RGBColor(0, 0, 0),
            mark: Mark::Line,
        }],
    };
    let bytes = render_png(&chart, 320, 200).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (320, 200));
    let dark = buf[..info.buffer_size()]
        .chunks(3)
        .filter(|p| p.iter().all(|c| *c < 100))
        .count();
    assert!(dark > 200, "{dark} dark pixels");
}

#[test]
fn bad_sizes_and_lengths_are_errors() {
    let dir = std::env::temp_dir();
    let opts = PlotOptions {
        width: 0,
        ..PlotOptions::default()
    };
    let err = raster(&dir.join("x.png"), &[], &[], &opts).unwrap_err();
    assert!(matches!(err, PlotError::BadSize { .. }), "{err}");
    let err = raster(&dir.join("x.png"), &[1.0], &[], &PlotOptions::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "spike indices and spike times: expected 1 values, got 0"
    );
}
