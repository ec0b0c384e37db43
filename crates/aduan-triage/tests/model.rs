//! A model trained on a small labelled set: it learns the words and the regions
//! that tell labels apart, keeps its answers when stored and read back, and refuses bytes that
//! are not a model.

#![allow(clippy::unwrap_used)] // a failed step must stop the test

use aduan_triage::{FeatureKind, Input, Model, ModelError, TrainError, TrainOptions, train_on};

/// Complaints of three kinds, the road ones split by region between two local governments.
fn corpus() -> (Vec<(String, Option<&'static str>)>, Vec<String>) {
    let mut rows = Vec::new();
    let mut labels = Vec::new();
    let roads = [
        "Jalan berlubang di depan pasar",
        "Aspal jalan rusak parah",
        "Jln rusak dan berlubang",
    ];
    let power = [
        "Listrik padam sejak semalam",
        "Lampu mati, token listrik error",
        "Pemadaman listrik bergilir",
    ];
    let health = [
        "Antrean BPJS di puskesmas lama",
        "Obat di rumah sakit kosong",
        "Dokter puskesmas tidak datang",
    ];
    for i in 0..30 {
        let n = i % 3;
        rows.push((format!("{} nomor {i}", roads[n]), Some("35.78")));
        labels.push("kota-surabaya".to_owned());
        rows.push((format!("{} nomor {i}", roads[n]), Some("36.03")));
        labels.push("kabupaten-tangerang".to_owned());
        rows.push((format!("{} nomor {i}", power[n]), None));
        labels.push("pt-pln-persero".to_owned());
        rows.push((format!("{} nomor {i}", health[n]), None));
        labels.push("bpjs-kesehatan".to_owned());
    }
    (rows, labels)
}

fn trained() -> Model {
    let (rows, labels) = corpus();
    let inputs: Vec<Input> = rows
        .iter()
        .map(|(text, region)| Input {
            text,
            region: *region,
            ..Input::default()
        })
        .collect();
    train_on(&inputs, &labels, &TrainOptions::default(), &mut |_, _| {}).unwrap()
}

#[test]
fn the_words_and_the_region_decide_the_first_suggestion() {
    let model = trained();
    let ask = |text, region| {
        model.predict(
            &Input {
                text,
                region,
                ..Input::default()
            },
            2,
        )[0]
        .label
        .to_owned()
    };
    assert_eq!(ask("listrik mati total", None), "pt-pln-persero");
    assert_eq!(ask("obat habis di puskesmas", None), "bpjs-kesehatan");
    assert_eq!(ask("jalan rusak berlubang", Some("35.78")), "kota-surabaya");
    assert_eq!(
        ask("jalan rusak berlubang", Some("36.03")),
        "kabupaten-tangerang"
    );
    let top = model.predict(&Input::text("listrik padam"), 4);
    assert_eq!(top.len(), 4);
    let sum: f32 = top.iter().map(|s| s.probability).sum();
    assert!(
        (sum - 1.0).abs() < 1e-4 && top[0].probability > 0.5,
        "{top:?}"
    );
}

#[test]
fn a_stored_model_reads_back_with_the_same_answers_and_garbage_is_refused() {
    let model = trained();
    let back = Model::from_bytes(&model.to_bytes()).unwrap();
    let input = Input::text("antrean puskesmas lama");
    assert_eq!(model.predict(&input, 4), back.predict(&input, 4));
    assert_eq!(back.kind(), FeatureKind::Full);
    assert!(matches!(
        Model::from_bytes(b"not a model"),
        Err(ModelError::NotAModel)
    ));
    let mut other = model.to_bytes();
    other[8] = 99;
    assert!(matches!(
        Model::from_bytes(&other),
        Err(ModelError::Format(99))
    ));
    let cut = model.to_bytes();
    assert!(matches!(
        Model::from_bytes(&cut[..cut.len() / 2]),
        Err(ModelError::Damaged(_))
    ));
}

#[test]
fn training_needs_two_labels_and_as_many_labels_as_examples() {
    let one = vec!["a".to_owned(), "a".to_owned()];
    let inputs = [Input::text("x"), Input::text("y")];
    let opts = TrainOptions::default();
    assert_eq!(
        train_on(&inputs, &one, &opts, &mut |_, _| {}).unwrap_err(),
        TrainError::OneLabel("a".into())
    );
    assert_eq!(
        train_on(&[], &[], &opts, &mut |_, _| {}).unwrap_err(),
        TrainError::Empty
    );
    assert!(matches!(
        train_on(&inputs, &one[..1], &opts, &mut |_, _| {}),
        Err(TrainError::Mismatch { .. })
    ));
}
