//! How long `serve` takes from an editor saving one activity to the browsers' reload signal.
//!
//!     cargo run --release --example reload_latency -- SITE_FOLDER [ROUNDS] [text|title]
//!
//! The preview is started on a free port; each round rewrites one activity (a new sentence at
//! the end of its text, or a new title, shown by the lists and tag pages too) and times, on a
//! browser's event stream, the arrival of the signal.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use cnr_site::messages::Tongue;
use cnr_site::model;
use cnr_site::serve::{ServeOptions, Server};

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("usage: reload_latency SITE_FOLDER [ROUNDS]"));
    let rounds: usize = args.next().map_or(20, |r| r.parse().expect("ROUNDS is a number"));
    let title = args.next().is_some_and(|mode| mode == "title");
    let today = chrono::Local::now().date_naive();
    let options = ServeOptions {
        root: root.clone(),
        bind: "127.0.0.1".parse().unwrap(),
        port: 0,
        model: model::Options { drafts: false, today, base_url: None },
        tongue: Tongue::En,
    };
    let start = Instant::now();
    let server = Server::start(options).unwrap_or_else(|e| panic!("{e}"));
    println!("first build: {} ms", start.elapsed().as_millis());

    let mut events = TcpStream::connect(server.address).unwrap();
    write!(events, "GET /__cnr/reload HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    events.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut events = BufReader::new(events);
    let mut line = String::new();
    while !line.starts_with(": connected") {
        line.clear();
        events.read_line(&mut line).unwrap();
    }

    let activities = root.join("content/activites");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&activities)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.to_string_lossy().contains("_index"))
        .collect();
    files.sort();
    let file = &files[files.len() / 2];
    let original = std::fs::read_to_string(file).unwrap();
    let mut latencies = Vec::new();
    let mut rebuilds = Vec::new();
    for round in 0..rounds {
        // An editor saves every few seconds; the search index is made again after the signal.
        std::thread::sleep(Duration::from_millis(1000));
        let text = if title {
            original.replacen("title: \"", &format!("title: \"({round}) "), 1)
        } else {
            format!("{original}\nA sentence added in round {round}.\n")
        };
        let saved = Instant::now();
        std::fs::write(file, text).unwrap();
        loop {
            line.clear();
            events.read_line(&mut line).unwrap();
            if line.starts_with("data: reload") {
                break;
            }
        }
        latencies.push(saved.elapsed());
        rebuilds.push(server.last_rebuild().unwrap());
    }
    std::fs::write(file, original).unwrap();
    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let rebuild_ms: Vec<f64> = rebuilds.iter().map(|r| ms(r.elapsed)).collect();
    let what = if title { "title" } else { "text" };
    println!("edited the {what} of {} ({} rounds)", file.display(), rounds);
    println!(
        "save → reload signal: median {:.1} ms, min {:.1} ms, max {:.1} ms",
        ms(latencies[rounds / 2]),
        ms(latencies[0]),
        ms(latencies[rounds - 1])
    );
    println!(
        "of which rebuild: median {:.1} ms; outputs rendered again per save: {:?}",
        median(rebuild_ms),
        rebuilds.iter().map(|r| r.rendered.unwrap_or(0)).collect::<std::collections::BTreeSet<_>>()
    );
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}
