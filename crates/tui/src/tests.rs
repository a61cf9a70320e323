//! Tests of the editor, the state machine (with a fake mock) and the screen (insta snapshots on
//! ratatui's `TestBackend`).

use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::{Position, Rect};
use ratatui::style::Color;
use ratatui::text::Span;
use tpmprep_practice::session::Current;

use crate::Outcome;
use crate::app::{Action, App, Msg, Prompt, StatusKind, countdown, step, update};
use crate::editor::{Editor, grapheme_stops};
use crate::interviewer::{InterviewInfo, Interviewer};
use crate::view::{countdown_style, countdown_text, view};

// ---- helpers ----

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// A clock tick `secs` seconds after the screen opened.
fn tick(secs: u64) -> Msg {
    Msg::Tick(Duration::from_secs(secs))
}

/// A clock tick `ms` milliseconds after the screen opened.
fn tick_ms(ms: u64) -> Msg {
    Msg::Tick(Duration::from_millis(ms))
}

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn type_text(app: &mut App, mock: &mut Fake, text: &str) {
    for c in text.chars() {
        let msg = if c == '\n' {
            key(KeyCode::Enter)
        } else {
            key(KeyCode::Char(c))
        };
        assert_eq!(step(app, mock, msg), None);
    }
}

fn prompt(interview: usize, question: usize, follow_up: bool, text: &str, left: u32) -> Current {
    Current {
        interview,
        question,
        follow_up,
        text: text.to_string(),
        seconds_left: left,
    }
}

/// A mock with a fixed list of prompts that records what it is given. Its bank holds stories 1 to 16.
struct Fake {
    prompts: Vec<Current>,
    at: usize,
    submits: Vec<(String, u32, Option<i64>)>,
    drafts: Vec<(String, u32)>,
    fail_submit: bool,
    fail_draft: bool,
}

impl Fake {
    fn new(prompts: Vec<Current>) -> Self {
        Self {
            prompts,
            at: 0,
            submits: Vec::new(),
            drafts: Vec::new(),
            fail_submit: false,
            fail_draft: false,
        }
    }

    fn standard() -> Self {
        Self::new(vec![
            prompt(
                0,
                0,
                false,
                "Tell me about a time you had to deliver a program with a hard deadline \
                 and not enough people. What did you cut, and how did you decide?",
                2700,
            ),
            prompt(
                0,
                0,
                true,
                "What would you do differently if the deadline moved up by a month?",
                2400,
            ),
            prompt(1, 0, false, "Walk me through a system you designed.", 2700),
        ])
    }

    fn app(&self) -> App {
        let current = self.current().expect("a prompt");
        let info = self.interview(current.interview);
        App::new(Prompt { current, info }, "", 0)
    }
}

impl Interviewer for Fake {
    type Error = String;

    fn current(&self) -> Option<Current> {
        self.prompts.get(self.at).cloned()
    }

    fn interview(&self, i: usize) -> InterviewInfo {
        let bar_raiser = i == 1;
        InterviewInfo {
            index: i,
            count: 5,
            title: if bar_raiser {
                "Bar raiser".to_string()
            } else {
                "Hiring manager".to_string()
            },
            role: if bar_raiser {
                "bar-raiser".to_string()
            } else {
                "hiring-manager".to_string()
            },
            bar_raiser,
            seconds: 2700,
            focus: "Whether you own outcomes end to end, and how you trade scope against \
                    time when the plan stops fitting."
                .to_string(),
            asked: 1,
            planned: 3,
        }
    }

    fn submit(&mut self, text: &str, seconds: u32, story: Option<i64>) -> Result<(), String> {
        if self.fail_submit {
            return Err("the database is locked".to_string());
        }
        self.submits.push((text.to_string(), seconds, story));
        self.at += 1;
        Ok(())
    }

    fn knows_story(&self, id: i64) -> bool {
        (1..=16).contains(&id)
    }

    fn save_draft(&mut self, text: &str, seconds: u32) -> Result<(), String> {
        if self.fail_draft {
            return Err("disk full".to_string());
        }
        self.drafts.push((text.to_string(), seconds));
        Ok(())
    }
}

fn render(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal.draw(|f| view(app, f)).expect("draw");
    terminal
}

fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    terminal.backend().to_string()
}

// ---- editor ----

/// The editor drawn into a box `width` × `height`: its rows as text, and where the cursor is.
fn draw_editor(e: &Editor, width: u16, height: u16) -> (Vec<String>, Option<Position>) {
    let area = Rect::new(0, 0, width, height);
    let mut buf = Buffer::empty(area);
    let at = e.draw(area, &mut buf);
    let rows = (0..height)
        .map(|y| {
            let mut row = String::new();
            let mut x = 0;
            while x < width {
                let cell = &buf[(x, y)];
                row.push_str(cell.symbol());
                x += u16::try_from(Span::raw(cell.symbol()).width().max(1)).expect("width");
            }
            row.trim_end().to_string()
        })
        .collect();
    (rows, at)
}

#[test]
fn editor_inserts_and_backspaces_across_lines() {
    let mut e = Editor::new();
    for c in "ab".chars() {
        e.insert_char(c);
    }
    e.newline();
    e.insert_char('c');
    assert_eq!(e.text(), "ab\nc");
    assert_eq!(e.cursor(), (1, 1));
    assert!(e.backspace());
    assert!(e.backspace(), "joins the lines");
    assert_eq!(e.text(), "ab");
    assert_eq!(e.cursor(), (0, 2));
    e.home();
    assert!(!e.backspace(), "nothing before the start");
    assert!(e.delete());
    assert_eq!(e.text(), "b");
    e.end();
    e.newline();
    e.insert_char('x');
    e.up();
    e.end();
    assert!(e.delete(), "delete at a line end joins the next line");
    assert_eq!(e.text(), "bx");
    assert_eq!(e.cursor(), (0, 1));
    e.end();
    assert!(!e.delete(), "nothing after the end");
}

#[test]
fn editor_arrows_cross_line_ends_and_keep_the_column() {
    let mut e = Editor::from_text("first line\nab\nthird line");
    e.fit(80, 10);
    assert_eq!(e.cursor(), (2, 10));
    e.up();
    assert_eq!(e.cursor(), (1, 2), "column clamps to a short line");
    e.up();
    assert_eq!(e.cursor(), (0, 2));
    e.up();
    assert_eq!(e.cursor(), (0, 0), "up on the first row goes to its start");
    e.left();
    assert_eq!(e.cursor(), (0, 0));
    e.end();
    e.right();
    assert_eq!(
        e.cursor(),
        (1, 0),
        "right at a line end goes to the next line"
    );
    e.left();
    assert_eq!(
        e.cursor(),
        (0, 10),
        "left at a line start goes to the previous end"
    );
    e.down();
    e.down();
    e.down();
    assert_eq!(e.cursor(), (2, 10), "down on the last row goes to its end");
    e.start_of_text();
    assert_eq!(e.cursor(), (0, 0));
    e.end_of_text();
    assert_eq!(e.cursor(), (2, 10));
}

#[test]
fn editor_handles_unicode_by_character() {
    let mut e = Editor::new();
    e.insert_str("naïve 👍");
    assert_eq!(e.cursor(), (0, 7), "seven characters, not bytes");
    assert!(e.backspace());
    assert_eq!(e.text(), "naïve ");
    e.insert_char('🎉');
    e.left();
    e.left();
    e.left();
    e.left();
    // Four lefts from the end (col 7) land just after the 'ï': "naï|ve 🎉".
    assert_eq!(e.cursor(), (0, 3));
    assert!(e.backspace(), "removes the 'ï'");
    assert_eq!(e.text(), "nave 🎉");
    e.insert_char('é');
    assert_eq!(e.text(), "naéve 🎉");
    e.end();
    let (rows, at) = draw_editor(&e, 80, 2);
    assert_eq!(rows[0], "naéve 🎉");
    assert_eq!(at, Some(Position::new(8, 0)), "the emoji takes two columns");
}

#[test]
fn editor_steps_and_deletes_whole_graphemes() {
    // "é" as e + combining acute (two chars), a flag (two regional indicators), a family
    // (four people joined by zero-width joiners: seven chars).
    let text = "cafe\u{301} 🇫🇷 👨\u{200d}👩\u{200d}👧\u{200d}👦!";
    let mut e = Editor::from_text(text);
    e.end();
    e.left(); // before "!"
    e.left(); // before the family, in one step
    assert_eq!(e.cursor().1, text.chars().count() - 1 - 7);
    assert!(e.delete(), "deletes the whole family");
    assert_eq!(e.text(), "cafe\u{301} 🇫🇷 !");
    e.left(); // before " !"... the space
    e.left(); // before the flag
    assert!(e.delete());
    assert_eq!(e.text(), "cafe\u{301}  !");
    e.home();
    e.right();
    e.right();
    e.right();
    e.right(); // past "caf" and the accented e, in four steps
    assert_eq!(e.cursor(), (0, 5));
    assert!(e.backspace(), "removes e and its accent together");
    assert_eq!(e.text(), "caf  !");
    assert_eq!(grapheme_stops("ab"), [0, 1, 2]);
    assert_eq!(grapheme_stops(""), [0]);
}

#[test]
fn editor_moves_by_screen_row_never_stop_inside_a_grapheme() {
    // The accent has no width: a move up or down by column would land between it and its e.
    let mut e = Editor::from_text("xe\u{301}yz\nab");
    e.fit(80, 4);
    e.home();
    e.right();
    e.right();
    assert_eq!(e.cursor(), (1, 2));
    e.up();
    let (_, col) = e.cursor();
    assert!(
        [0, 1, 3, 4, 5].contains(&col),
        "the cursor stands on a grapheme boundary, not at {col}"
    );
}

#[test]
fn editor_paste_inserts_multiline_text_in_the_middle() {
    let mut e = Editor::from_text("Start end");
    e.home();
    for _ in 0..6 {
        e.right();
    }
    e.insert_str("one\r\ntwo\rthree\tand\u{7} ");
    assert_eq!(e.text(), "Start one\ntwo\nthree    and end");
    assert_eq!(e.cursor(), (2, 13), "cursor after the pasted text");
    e.insert_str("");
    assert_eq!(e.text(), "Start one\ntwo\nthree    and end");
    e.insert_str("x");
    assert_eq!(e.lines()[2], "three    and xend");
}

#[test]
fn editor_cursor_stays_in_bounds_under_many_keys() {
    let mut e = Editor::from_text("héllo wörld\n\nsecond 👍 line that is rather long indeed");
    let mut seed: u64 = 7;
    for _ in 0..5000 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        match (seed >> 33) % 13 {
            0 => e.insert_char('ü'),
            1 => e.newline(),
            2 => {
                e.backspace();
            }
            3 => {
                e.delete();
            }
            4 => e.left(),
            5 => e.right(),
            6 => e.up(),
            7 => e.down(),
            8 => e.home(),
            9 => e.end(),
            10 => e.insert_str("a b\nc 👍"),
            11 => e.insert_str("e\u{301}🇫🇷"),
            _ => e.insert_char(' '),
        }
        let (_, at) = draw_editor(&e, 9, 4);
        let (row, col) = e.cursor();
        assert!(row < e.lines().len(), "row {row} of {}", e.lines().len());
        assert!(
            grapheme_stops(&e.lines()[row]).contains(&col),
            "col {col} is not a grapheme boundary of {:?}",
            e.lines()[row]
        );
        let at = at.expect("the cursor is visible");
        assert!(at.x <= 9 && at.y < 4, "cursor {at:?} outside the box");
    }
}

#[test]
fn wrapping_breaks_after_spaces() {
    let mut e = Editor::from_text("hello world");
    let (rows, at) = draw_editor(&e, 8, 3);
    assert_eq!(rows, ["hello", "world", ""]);
    assert_eq!(at, Some(Position::new(5, 1)));
    e.up();
    assert_eq!(e.cursor(), (0, 5), "up moves by wrapped rows");
    e.down();
    assert_eq!(e.cursor(), (0, 11));
    let (rows, _) = draw_editor(&Editor::from_text("abcdefghij"), 4, 3);
    assert_eq!(rows, ["abcd", "efgh", "ij"], "a long word breaks anywhere");
    let (rows, at) = draw_editor(&Editor::from_text("abcd"), 4, 2);
    assert_eq!(rows, ["abcd", ""]);
    assert_eq!(
        at,
        Some(Position::new(4, 0)),
        "the cursor after a full row stands just past it (on the box's padding)"
    );
    let (rows, _) = draw_editor(&Editor::from_text("👍👍👍"), 5, 2);
    assert_eq!(rows, ["👍👍", "👍"]);
}

#[test]
fn editor_scrolls_to_keep_the_cursor_visible() {
    let mut e = Editor::from_text("1\n2\n3\n4\n5\n6\n7\n8");
    e.fit(10, 3);
    assert_eq!(e.scroll(), 5, "the last three rows show the cursor");
    e.start_of_text();
    e.fit(10, 3);
    assert_eq!(e.scroll(), 0);
    e.down();
    e.down();
    e.fit(10, 3);
    assert_eq!(e.scroll(), 0, "no scrolling while the cursor is visible");
    e.down();
    e.fit(10, 3);
    assert_eq!(e.scroll(), 1);
}

#[test]
fn word_count_counts_words_across_lines() {
    assert_eq!(Editor::new().word_count(), 0);
    assert_eq!(Editor::from_text("  one two\n\nthree  ").word_count(), 3);
    assert!(Editor::from_text(" \n\t ").is_blank());
}

// ---- the state machine with a fake mock ----

#[test]
fn ctrl_s_submits_text_seconds_and_story_then_clears() {
    let mut mock = Fake::standard();
    let mut app = mock.app();
    type_text(&mut app, &mut mock, "We cut scope.");
    assert_eq!(step(&mut app, &mut mock, ctrl('t')), None);
    assert!(app.story_input.is_some());
    for c in ['1', 'x', '2'] {
        step(&mut app, &mut mock, key(KeyCode::Char(c)));
    }
    step(&mut app, &mut mock, key(KeyCode::Enter));
    assert_eq!(app.story_input, None);
    assert_eq!(app.story, Some(12));
    assert_eq!(step(&mut app, &mut mock, tick(42)), None);
    assert_eq!(step(&mut app, &mut mock, ctrl('s')), None);
    assert_eq!(
        mock.submits,
        vec![("We cut scope.".to_string(), 42, Some(12))]
    );
    assert_eq!(app.editor.text(), "");
    assert_eq!(app.story, None, "the story tag is for one answer");
    assert_eq!(app.elapsed(), 0, "the prompt timer starts again");
    assert!(app.prompt.current.follow_up);
    assert_eq!(app.seconds_left(), 2400);
    step(&mut app, &mut mock, tick(50));
    assert_eq!(app.elapsed(), 8);
    type_text(&mut app, &mut mock, "Earlier cuts.");
    step(&mut app, &mut mock, ctrl('s'));
    assert_eq!(mock.submits[1], ("Earlier cuts.".to_string(), 8, None));
    assert_eq!(app.prompt.info.title, "Bar raiser");
}

#[test]
fn failing_submit_keeps_the_text_and_shows_the_error() {
    let mut mock = Fake::standard();
    mock.fail_submit = true;
    let mut app = mock.app();
    type_text(&mut app, &mut mock, "Line one\nLine two");
    assert_eq!(step(&mut app, &mut mock, ctrl('s')), None);
    assert_eq!(app.editor.text(), "Line one\nLine two");
    assert!(!app.prompt.current.follow_up, "still on the same prompt");
    let (kind, text) = app.status.clone().expect("a status");
    assert_eq!(kind, StatusKind::Error);
    assert!(text.contains("the database is locked"), "{text}");
    let screen = screen_text(&render(&app, 100, 30));
    assert!(screen.contains("the database is locked"), "{screen}");
    mock.fail_submit = false;
    step(&mut app, &mut mock, ctrl('s'));
    assert_eq!(mock.submits.len(), 1, "the retry goes through");
}

#[test]
fn an_empty_answer_skips_only_on_a_second_ctrl_s_in_a_row() {
    let mut mock = Fake::standard();
    let mut app = mock.app();
    type_text(&mut app, &mut mock, "  \n ");
    step(&mut app, &mut mock, ctrl('s'));
    assert!(mock.submits.is_empty(), "one Ctrl-S on nothing only asks");
    let (_, text) = app.status.clone().expect("a status");
    assert!(text.contains("Ctrl-S again skips"), "{text}");
    // Any other key in between disarms it.
    type_text(&mut app, &mut mock, " ");
    step(&mut app, &mut mock, ctrl('s'));
    assert!(mock.submits.is_empty(), "the skip was disarmed by typing");
    step(&mut app, &mut mock, ctrl('s'));
    assert_eq!(mock.submits.len(), 1, "the second Ctrl-S in a row skips");
    assert!(mock.submits[0].0.trim().is_empty());
}

#[test]
fn pausing_saves_the_draft_first() {
    for pause_key in [ctrl('p'), key(KeyCode::Esc)] {
        let mut mock = Fake::standard();
        let mut app = mock.app();
        step(&mut app, &mut mock, tick(2));
        type_text(&mut app, &mut mock, "half an answer");
        assert!(mock.drafts.is_empty(), "no tick yet, no timed draft");
        assert_eq!(step(&mut app, &mut mock, pause_key), Some(Outcome::Paused));
        assert_eq!(mock.drafts, vec![("half an answer".to_string(), 2)]);
        assert!(mock.submits.is_empty());
    }
}

#[test]
fn a_failed_draft_on_pause_stays_until_asked_again() {
    let mut mock = Fake::standard();
    mock.fail_draft = true;
    let mut app = mock.app();
    type_text(&mut app, &mut mock, "keep me");
    assert_eq!(step(&mut app, &mut mock, ctrl('p')), None, "does not leave");
    assert_eq!(app.editor.text(), "keep me");
    assert!(matches!(&app.status, Some((StatusKind::Error, t)) if t.contains("disk full")));
    assert_eq!(
        step(&mut app, &mut mock, ctrl('p')),
        Some(Outcome::Paused),
        "the second pause leaves anyway"
    );
}

#[test]
fn a_draft_is_saved_once_typing_pauses_a_tenth_of_a_second() {
    let mut mock = Fake::standard();
    let mut app = mock.app();
    step(&mut app, &mut mock, tick(5));
    assert!(mock.drafts.is_empty(), "nothing typed, nothing saved");
    assert_eq!(app.draft_due(), None, "nothing to wake up for");
    // A burst of keys within 100 ms of each other is one save, 100 ms after the last.
    type_text(&mut app, &mut mock, "a");
    step(&mut app, &mut mock, tick_ms(5_060));
    type_text(&mut app, &mut mock, "b");
    assert_eq!(app.draft_due(), Some(Duration::from_millis(5_160)));
    step(&mut app, &mut mock, tick_ms(5_150));
    assert!(mock.drafts.is_empty(), "still typing");
    step(&mut app, &mut mock, tick_ms(5_160));
    assert_eq!(mock.drafts, vec![("ab".to_string(), 5)]);
    step(&mut app, &mut mock, tick(20));
    assert_eq!(mock.drafts.len(), 1, "unchanged text is not saved again");
    step(&mut app, &mut mock, key(KeyCode::Left));
    step(&mut app, &mut mock, tick(30));
    assert_eq!(mock.drafts.len(), 1, "moving the cursor changes nothing");
    step(&mut app, &mut mock, key(KeyCode::Backspace));
    step(&mut app, &mut mock, tick_ms(30_100));
    assert_eq!(
        mock.drafts[1],
        ("b".to_string(), 30),
        "a deletion is a change"
    );
}

#[test]
fn steady_typing_is_saved_every_fifth_of_a_second() {
    let mut mock = Fake::standard();
    let mut app = mock.app();
    // A key every 50 ms for a second: never a 100 ms pause.
    for ms in (0..1_000).step_by(50) {
        step(&mut app, &mut mock, tick_ms(ms));
        type_text(&mut app, &mut mock, "x");
    }
    step(&mut app, &mut mock, tick_ms(1_000));
    let saved: Vec<usize> = mock.drafts.iter().map(|(t, _)| t.len()).collect();
    assert_eq!(
        saved,
        [4, 8, 12, 16, 20],
        "no change waits more than 200 ms for its save"
    );
}

#[test]
fn a_failed_draft_is_retried_and_shown() {
    let mut mock = Fake::standard();
    mock.fail_draft = true;
    let mut app = mock.app();
    type_text(&mut app, &mut mock, "x");
    step(&mut app, &mut mock, tick_ms(100));
    assert!(matches!(app.status, Some((StatusKind::DraftError, _))));
    mock.fail_draft = false;
    step(&mut app, &mut mock, tick(2));
    assert!(mock.drafts.is_empty(), "the retry waits three seconds");
    step(&mut app, &mut mock, tick_ms(3_100));
    assert_eq!(mock.drafts, vec![("x".to_string(), 3)]);
    assert_eq!(app.status, None, "the draft error clears");
}

#[test]
fn finishing_returns_the_finish_action_and_outcome() {
    let mut mock = Fake::new(vec![prompt(0, 0, false, "Only question.", 600)]);
    let mut app = mock.app();
    assert_eq!(
        update(&mut app, Msg::Submitted(Ok(None))),
        Some(Action::Finish)
    );
    type_text(&mut app, &mut mock, "Done.");
    assert_eq!(
        step(&mut app, &mut mock, ctrl('s')),
        Some(Outcome::Finished)
    );
    assert_eq!(mock.submits.len(), 1);
}

#[test]
fn a_restored_draft_keeps_its_text_and_seconds() {
    let mock = Fake::standard();
    let current = mock.current().expect("a prompt");
    let info = mock.interview(0);
    let mut app = App::new(Prompt { current, info }, "I started with", 90);
    assert_eq!(app.editor.text(), "I started with");
    assert_eq!(app.elapsed(), 90);
    assert_eq!(app.seconds_left(), 2700 - 90);
    update(&mut app, tick(10));
    assert_eq!(app.elapsed(), 100);
    assert_eq!(app.unsaved_since, None, "a restored draft is already saved");
}

#[test]
fn countdown_saturates_and_changes_colour() {
    assert_eq!(countdown(300, 100), 200);
    assert_eq!(countdown(100, 300), 0);
    assert_eq!(countdown_text(0), "time is up");
    assert_eq!(countdown_text(61), "01:01 left");
    assert_eq!(countdown_text(3725), "62:05 left");
    assert_eq!(countdown_style(120).fg, None);
    assert_eq!(countdown_style(119).fg, Some(Color::Yellow));
    assert_eq!(countdown_style(1).fg, Some(Color::Yellow));
    assert_eq!(countdown_style(0).fg, Some(Color::Red));
}

#[test]
fn the_countdown_on_screen_turns_yellow_then_red() {
    let mut mock = Fake::new(vec![
        prompt(0, 0, false, "Short on time.", 130),
        prompt(1, 0, false, "Next.", 2700),
    ]);
    // The send at time-up fails, so the red countdown stays on screen.
    mock.fail_submit = true;
    let mut app = mock.app();
    let find = |terminal: &Terminal<TestBackend>, word: &str| {
        let buffer = terminal.backend().buffer();
        let text = screen_text(terminal);
        let (y, line) = text
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains(word))
            .expect("the countdown is on screen");
        let col = line[1..line.find(word).expect("word")].chars().count();
        buffer[(
            u16::try_from(col).expect("col"),
            u16::try_from(y).expect("row"),
        )]
            .style()
            .fg
    };
    let t = render(&app, 80, 24);
    assert_eq!(find(&t, "02:10 left"), Some(Color::Reset));
    step(&mut app, &mut mock, tick(20));
    assert_eq!(
        find(&render(&app, 80, 24), "01:50 left"),
        Some(Color::Yellow)
    );
    type_text(&mut app, &mut mock, "late answer");
    step(&mut app, &mut mock, tick(200));
    assert_eq!(find(&render(&app, 80, 24), "time is up"), Some(Color::Red));
}

/// Issue 12, item 8: when the interview's time runs out, the interviewer takes the answer as it
/// stands (story tag included) and moves on to the next interview; nothing typed is lost.
#[test]
fn when_the_time_is_up_the_answer_is_sent_and_the_next_interview_starts() {
    let mut mock = Fake::new(vec![
        prompt(0, 0, false, "Tell me about a launch.", 60),
        prompt(1, 0, false, "Walk me through a system you designed.", 2700),
    ]);
    let mut app = mock.app();
    type_text(
        &mut app,
        &mut mock,
        "I owned the cut-over and we were half way",
    );
    step(&mut app, &mut mock, ctrl('t'));
    step(&mut app, &mut mock, key(KeyCode::Char('3')));
    step(&mut app, &mut mock, key(KeyCode::Enter));
    step(&mut app, &mut mock, tick(59));
    assert!(mock.submits.is_empty(), "a second is left");
    // The story box is open when the time runs out: it closes, the tag goes with the answer.
    step(&mut app, &mut mock, ctrl('t'));
    step(&mut app, &mut mock, tick(60));
    assert_eq!(
        mock.submits,
        vec![(
            "I owned the cut-over and we were half way".to_string(),
            60,
            Some(3)
        )]
    );
    assert_eq!(app.prompt.current.interview, 1, "the next interview");
    assert_eq!(app.story_input, None);
    assert_eq!(app.editor.text(), "");
    assert_eq!(app.seconds_left(), 2700);
    let (kind, text) = app.status.clone().expect("an announcement");
    assert_eq!(kind, StatusKind::Info);
    assert_eq!(
        text,
        "Time is up for interview 1: your answer as it stood is saved and sent. \
         Next interview: Bar raiser."
    );
    let screen = screen_text(&render(&app, 120, 30));
    assert!(screen.contains("Time is up for interview 1"), "{screen}");
    assert!(screen.contains("Interview 2 of 5"), "{screen}");
    // Typing goes on in the new interview; later ticks send nothing more.
    type_text(&mut app, &mut mock, "The system");
    step(&mut app, &mut mock, tick(61));
    step(&mut app, &mut mock, tick(90));
    assert_eq!(mock.submits.len(), 1);
    assert_eq!(app.editor.text(), "The system");
}

#[test]
fn when_the_time_is_up_on_an_empty_answer_it_counts_as_unanswered() {
    let mut mock = Fake::new(vec![
        prompt(0, 0, false, "Tell me about a launch.", 60),
        prompt(0, 1, false, "Another question, same interview.", 5),
    ]);
    let mut app = mock.app();
    step(&mut app, &mut mock, tick(75));
    assert_eq!(mock.submits, vec![(String::new(), 75, None)]);
    let (_, text) = app.status.clone().expect("an announcement");
    assert_eq!(
        text,
        "Time is up for this interview: nothing was typed, so the question counts as unanswered."
    );
}

#[test]
fn a_failed_send_at_time_up_keeps_the_answer_and_is_not_repeated_every_tick() {
    let mut mock = Fake::new(vec![
        prompt(0, 0, false, "Tell me about a launch.", 60),
        prompt(1, 0, false, "Next.", 2700),
    ]);
    mock.fail_submit = true;
    let mut app = mock.app();
    type_text(&mut app, &mut mock, "keep me");
    step(&mut app, &mut mock, tick(60));
    let (kind, text) = app.status.clone().expect("the error");
    assert_eq!(kind, StatusKind::Error);
    assert!(text.contains("Ctrl-S tries again"), "{text}");
    assert_eq!(app.editor.text(), "keep me");
    mock.fail_submit = false;
    step(&mut app, &mut mock, tick(61));
    step(&mut app, &mut mock, tick(62));
    assert!(
        mock.submits.is_empty(),
        "no send behind the candidate's back"
    );
    step(&mut app, &mut mock, ctrl('s'));
    assert_eq!(mock.submits, vec![("keep me".to_string(), 62, None)]);
    assert_eq!(app.prompt.current.interview, 1);
}

#[test]
fn no_color_draws_no_colour_but_keeps_the_words_and_bold() {
    let mut mock = Fake::new(vec![prompt(0, 0, false, "Short on time.", 60)]);
    let mut app = mock.app();
    step(&mut app, &mut mock, ctrl('t'));
    let colored = render(&app, 80, 24);
    let cells = |t: &Terminal<TestBackend>| t.backend().buffer().content.clone();
    assert!(
        cells(&colored).iter().any(|c| c.fg != Color::Reset),
        "colours by default"
    );
    app.color = false;
    let plain = render(&app, 80, 24);
    assert!(
        cells(&plain)
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
        "no colour under NO_COLOR"
    );
    assert_eq!(screen_text(&colored), screen_text(&plain), "the same words");
    let bold = cells(&plain)
        .iter()
        .filter(|c| c.modifier.contains(ratatui::style::Modifier::BOLD))
        .count();
    assert!(bold > 0, "bold stays");
}

#[test]
fn no_color_is_read_as_the_convention_says() {
    use crate::Options;
    use std::ffi::OsStr;
    assert!(Options::from_no_color(None).color);
    assert!(
        Options::from_no_color(Some(OsStr::new(""))).color,
        "empty is unset"
    );
    assert!(!Options::from_no_color(Some(OsStr::new("1"))).color);
}

#[test]
fn the_story_box_takes_digits_only_and_esc_cancels() {
    let mut mock = Fake::standard();
    let mut app = mock.app();
    step(&mut app, &mut mock, ctrl('t'));
    step(&mut app, &mut mock, Msg::Paste("4a2".to_string()));
    step(&mut app, &mut mock, key(KeyCode::Char('-')));
    assert_eq!(app.story_input.as_deref(), Some("42"));
    assert_eq!(
        app.editor.text(),
        "",
        "keys go to the story box, not the answer"
    );
    assert_eq!(
        step(&mut app, &mut mock, key(KeyCode::Esc)),
        None,
        "Esc closes the box and does not pause"
    );
    assert_eq!(app.story, None);
    step(&mut app, &mut mock, ctrl('t'));
    for _ in 0..30 {
        step(&mut app, &mut mock, key(KeyCode::Char('1')));
    }
    assert_eq!(
        app.story_input.as_deref(),
        Some("111111111111111111"),
        "capped to fit"
    );
    for _ in 0..17 {
        step(&mut app, &mut mock, key(KeyCode::Backspace));
    }
    step(&mut app, &mut mock, key(KeyCode::Char('6')));
    step(&mut app, &mut mock, key(KeyCode::Enter));
    assert_eq!(app.story, Some(16));
    step(&mut app, &mut mock, ctrl('t'));
    assert_eq!(app.story_input.as_deref(), Some(""), "the box opens empty");
    step(&mut app, &mut mock, key(KeyCode::Enter));
    assert_eq!(app.story_input, None);
    assert_eq!(app.story, None, "empty clears the tag");
}

/// The trial: Ctrl-T `999` Enter tagged a story the bank (of 16) does not hold, and the next
/// Ctrl-T `1` made it #9991.
#[test]
fn the_story_box_refuses_an_id_not_in_the_bank_and_starts_empty_each_time() {
    let mut mock = Fake::standard();
    let mut app = mock.app();
    step(&mut app, &mut mock, Msg::Resize(80, 24));
    type_text(&mut app, &mut mock, "We cut scope.");
    step(&mut app, &mut mock, ctrl('t'));
    let screen = screen_text(&render(&app, 80, 24));
    assert!(
        screen.contains("Type a story id from your bank."),
        "a hint of what to type: {screen}"
    );
    for c in "999".chars() {
        step(&mut app, &mut mock, key(KeyCode::Char(c)));
    }
    step(&mut app, &mut mock, key(KeyCode::Enter));
    assert_eq!(app.story, None, "not tagged");
    assert_eq!(app.story_input.as_deref(), Some(""), "open again, empty");
    let screen = screen_text(&render(&app, 80, 24));
    assert!(
        screen.contains("No story `999` in your bank; see `tpmprep"),
        "the same words as line mode: {screen}"
    );
    step(&mut app, &mut mock, key(KeyCode::Esc));
    step(&mut app, &mut mock, ctrl('t'));
    assert_eq!(app.story_refused, None, "the refusal was for the last try");
    step(&mut app, &mut mock, key(KeyCode::Char('1')));
    step(&mut app, &mut mock, key(KeyCode::Enter));
    assert_eq!(app.story, Some(1), "#1, not #9991");
    step(&mut app, &mut mock, ctrl('t'));
    assert_eq!(app.story_input.as_deref(), Some(""), "not the old id");
    step(&mut app, &mut mock, key(KeyCode::Char('9')));
    step(&mut app, &mut mock, key(KeyCode::Char('9')));
    step(&mut app, &mut mock, key(KeyCode::Enter));
    step(&mut app, &mut mock, key(KeyCode::Esc));
    assert_eq!(app.story, Some(1), "a refused id leaves the tag as it was");
    step(&mut app, &mut mock, tick(5));
    step(&mut app, &mut mock, ctrl('s'));
    assert_eq!(
        mock.submits,
        vec![("We cut scope.".to_string(), 5, Some(1))]
    );
}

#[test]
fn paste_and_release_events() {
    let mut mock = Fake::standard();
    let mut app = mock.app();
    step(
        &mut app,
        &mut mock,
        Msg::Paste("line 1\r\nline 2".to_string()),
    );
    assert_eq!(app.editor.text(), "line 1\nline 2");
    assert!(app.unsaved_since.is_some());
    let mut release = KeyEvent::new(KeyCode::Char('z'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    step(&mut app, &mut mock, Msg::Key(release));
    assert_eq!(app.editor.text(), "line 1\nline 2");
    step(
        &mut app,
        &mut mock,
        Msg::Key(KeyEvent::new(KeyCode::Char('Z'), KeyModifiers::SHIFT)),
    );
    assert_eq!(app.editor.text(), "line 1\nline 2Z");
}

// ---- the screen ----

#[test]
fn snapshot_first_question_80x24() {
    let mut mock = Fake::standard();
    let mut app = mock.app();
    step(&mut app, &mut mock, Msg::Resize(80, 24));
    let terminal = render(&app, 80, 24);
    insta::assert_snapshot!("first_question_80x24", screen_text(&terminal));
}

#[test]
fn snapshot_follow_up_with_answer_100x30() {
    let standard = Fake::standard();
    let mut mock = Fake::new(
        standard.prompts[..2]
            .iter()
            .map(|p| Current {
                interview: 1,
                ..p.clone()
            })
            .collect(),
    );
    let mut app = mock.app();
    step(&mut app, &mut mock, Msg::Resize(100, 30));
    type_text(&mut app, &mut mock, "We shipped.");
    step(&mut app, &mut mock, tick(300));
    step(&mut app, &mut mock, ctrl('s'));
    step(&mut app, &mut mock, ctrl('t'));
    for c in "12".chars() {
        step(&mut app, &mut mock, key(KeyCode::Char(c)));
    }
    step(&mut app, &mut mock, key(KeyCode::Enter));
    step(&mut app, &mut mock, tick(395));
    type_text(
        &mut app,
        &mut mock,
        "I would pull the launch review forward and cut the reporting work first: \
         nobody outside the team depended on it, and it freed two engineers for a month.\n\
         Then I would tell the stakeholders the same day — naïve optimism helps nobody 👍",
    );
    let mut terminal = render(&app, 100, 30);
    insta::assert_snapshot!("follow_up_with_answer_100x30", screen_text(&terminal));
    let text = screen_text(&terminal);
    assert!(text.contains("telling story #12"), "{text}");
    assert!(text.contains("43 words"), "{text}");
    assert!(text.contains("38:25 left"), "{text}");
    assert!(text.contains("01:35"), "{text}");
    // The cursor sits right after the last character typed.
    let (y, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("nobody 👍"))
        .expect("the end of the answer is visible");
    let before = &line[1..line.find("nobody 👍").expect("found")];
    let x = Span::raw(before).width() + Span::raw("nobody 👍").width();
    terminal
        .backend_mut()
        .assert_cursor_position((u16::try_from(x).expect("x"), u16::try_from(y).expect("y")));
}

#[test]
fn snapshot_story_input_open() {
    let mut mock = Fake::standard();
    let mut app = mock.app();
    step(&mut app, &mut mock, Msg::Resize(80, 24));
    type_text(&mut app, &mut mock, "The program was late.");
    step(&mut app, &mut mock, ctrl('t'));
    step(&mut app, &mut mock, key(KeyCode::Char('7')));
    let terminal = render(&app, 80, 24);
    insta::assert_snapshot!("story_input_open", screen_text(&terminal));
}

#[test]
fn a_long_answer_scrolls_and_the_cursor_stays_on_screen() {
    let mut mock = Fake::standard();
    let mut app = mock.app();
    step(&mut app, &mut mock, Msg::Resize(80, 24));
    let long: String = (1..=60).map(|i| format!("line {i}\n")).collect();
    step(&mut app, &mut mock, Msg::Paste(long));
    type_text(&mut app, &mut mock, "the end");
    let mut terminal = render(&app, 80, 24);
    let text = screen_text(&terminal);
    assert!(!text.contains("line 1 "), "the top scrolled away: {text}");
    let (y, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("the end"))
        .expect("the cursor's line is visible");
    let x = line[1..line.find("the end").expect("found")]
        .chars()
        .count()
        + "the end".len();
    terminal
        .backend_mut()
        .assert_cursor_position((u16::try_from(x).expect("x"), u16::try_from(y).expect("y")));
}

#[test]
fn a_tiny_terminal_does_not_panic() {
    let mut mock = Fake::standard();
    let mut app = mock.app();
    for (w, h) in [(1, 1), (10, 4), (20, 8), (30, 12)] {
        step(&mut app, &mut mock, Msg::Resize(w, h));
        type_text(&mut app, &mut mock, "a few words 👍\n");
        step(&mut app, &mut mock, key(KeyCode::Up));
        render(&app, w, h);
        step(&mut app, &mut mock, ctrl('t'));
        render(&app, w, h);
        step(&mut app, &mut mock, key(KeyCode::Esc));
    }
}

/// The trial: at 30×8 the answer box was gone (the question took the whole body). A small window
/// keeps a line of the answer, the clock, as much of the question as fits, and asks for more room.
#[test]
fn a_small_window_keeps_the_answer_box_and_asks_for_more_room() {
    let mut mock = Fake::standard();
    let mut app = mock.app();
    step(&mut app, &mut mock, Msg::Resize(30, 8));
    type_text(&mut app, &mut mock, "We cut the reporting work.");
    let mut terminal = render(&app, 30, 8);
    let text = screen_text(&terminal);
    insta::assert_snapshot!("small_window_30x8", text);
    assert!(text.contains("Your answer"), "{text}");
    assert!(text.contains("45:00 left"), "{text}");
    assert!(text.contains("Make the window larger"), "{text}");
    let (y, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("work."))
        .expect("the end of the answer is visible");
    let x = line[1..line.find("work.").expect("found")].chars().count() + "work.".len();
    terminal
        .backend_mut()
        .assert_cursor_position((u16::try_from(x).expect("x"), u16::try_from(y).expect("y")));
    // A status message takes the line while there is one.
    step(&mut app, &mut mock, ctrl('s'));
    let text = screen_text(&render(&app, 30, 8));
    assert!(text.contains("Saved. The interviewer"), "{text}");
    assert!(text.contains("What would you do"), "{text}");
}
