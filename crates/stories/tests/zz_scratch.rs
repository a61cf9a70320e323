use tpmprep_stories::*;
#[test]
fn scratch() {
    let s = StoryContent {
        title: "T".into(),
        trade_off: "a\n+++\nb".into(),
        dissent: "x\u{7f}y \"\"\" '''".into(),
        metrics: vec![
            Metric {
                value: 1e300,
                unit: "%".into(),
                measures: "m".into(),
                before: Some(-0.0),
                after: Some(1e-300),
            },
            Metric {
                value: 40.0,
                unit: "".into(),
                measures: "m".into(),
                before: None,
                after: Some(12345678901234567890.0),
            },
        ],
        ..Default::default()
    }
    .normalized();
    let md = markdown::render(&s);
    println!("{md}");
    println!("{:?}", markdown::parse(&md).map(|x| x.0 == s));
    let s2 = StoryContent {
        title: "T".into(),
        ..Default::default()
    };
    let md = markdown::render(&s2);
    println!("{md}");
    println!("{:?}", markdown::parse("+++\nstatus = \"ready\"\n+++\n"));
    println!(
        "{:?}",
        markdown::parse("+++\ntitle = \"x\"\ncolour = \"red\"\n+++\n")
    );
    println!(
        "{:?}",
        markdown::parse("\n\n+++\ntitle = \"x\"\nrole = \n+++\n")
    );
}
