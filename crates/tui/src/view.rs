//! The view: draws an [`App`] into a frame. Pure: what it draws depends on the state alone (the
//! answer box's scroll position, kept by the editor widget, follows the cursor).

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Padding, Paragraph};

use crate::app::{App, StatusKind};
use crate::interviewer::InterviewInfo;

/// Under this many seconds left the countdown turns yellow.
const WARN_BELOW: u32 = 120;
/// The help line.
const HELP: &str =
    "Ctrl-S submit · Ctrl-P pause (resume later) · Ctrl-T tag a story id · Esc pause";

/// The countdown's words.
pub(crate) fn countdown_text(left: u32) -> String {
    if left == 0 {
        "time is up".to_string()
    } else {
        format!("{} left", mmss(left))
    }
}

/// The countdown's colour: plain, yellow under two minutes, red when time is up.
pub(crate) fn countdown_style(left: u32) -> Style {
    let style = Style::new().add_modifier(Modifier::BOLD);
    if left == 0 {
        style.fg(Color::Red)
    } else if left < WARN_BELOW {
        style.fg(Color::Yellow)
    } else {
        style
    }
}

/// `mm:ss` (minutes keep counting past 59).
fn mmss(secs: u32) -> String {
    format!("{:02}:{:02}", secs / 60, secs % 60)
}

/// Drops every colour from what is drawn (`NO_COLOR`); bold, reverse and the border shapes stay.
fn strip_colors(buf: &mut Buffer) {
    for cell in &mut buf.content {
        cell.set_fg(Color::Reset);
        cell.set_bg(Color::Reset);
    }
}

/// The answer box's inside on a screen of size `screen`.
pub(crate) fn answer_inner_for(app: &App, screen: Rect) -> Rect {
    answer_inner(&areas(app, screen).answer)
}

/// Below this width or height the screen is drawn compact (see [`compact_areas`]).
const FULL_WIDTH: u16 = 50;
const FULL_HEIGHT: u16 = 14;

/// Where each part of the screen goes. In the compact layout only `title` (one line: the clock and
/// where we are), `question`, `answer` and `status` are used; the rest are empty.
struct Areas {
    compact: bool,
    title: Rect,
    timer: Rect,
    clock: Rect,
    interviewer: Rect,
    question: Rect,
    answer: Rect,
    status: Rect,
    help: Rect,
}

fn areas(app: &App, area: Rect) -> Areas {
    if area.width < FULL_WIDTH || area.height < FULL_HEIGHT {
        return compact_areas(app, area);
    }
    let [top, body, status, help] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let [title, timer, clock] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(20),
        Constraint::Length(20),
    ])
    .areas(top);
    let [main, interviewer] =
        Layout::horizontal([Constraint::Percentage(70), Constraint::Percentage(30)]).areas(body);
    let text_width = main.width.saturating_sub(4).max(1);
    let wanted = u16::try_from(wrap_text(&app.prompt.current.text, text_width).len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let most = main.height.saturating_sub(6).max(3);
    let [question, answer] = Layout::vertical([
        Constraint::Length(wanted.clamp(3, most)),
        Constraint::Min(0),
    ])
    .areas(main);
    Areas {
        compact: false,
        title,
        timer,
        clock,
        interviewer,
        question,
        answer,
        status,
        help,
    }
}

/// A small window: one line with the clock, as much of the question as leaves the answer box at
/// least one line of text (and half the room at most), the answer box, and the status line (which
/// asks for a larger window when it has nothing else to say).
fn compact_areas(app: &App, area: Rect) -> Areas {
    let rest = area.height.saturating_sub(2);
    let wrapped =
        u16::try_from(wrap_text(&app.prompt.current.text, area.width).len()).unwrap_or(u16::MAX);
    let question_rows = wrapped.min(rest.saturating_sub(3)).min((rest / 2).max(1));
    let [title, question, answer, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(question_rows),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    Areas {
        compact: true,
        title,
        timer: Rect::default(),
        clock: Rect::default(),
        interviewer: Rect::default(),
        question,
        answer,
        status,
        help: Rect::default(),
    }
}

/// The answer box's frame.
fn answer_block(app: &App) -> Block<'static> {
    let mut title = vec![Span::raw(" Your answer ")];
    if let Some(id) = app.story {
        title.push(Span::styled(
            format!("· telling story #{id} "),
            Style::new().fg(Color::Cyan),
        ));
    }
    let words = app.editor.word_count();
    let count = if words == 1 {
        " 1 word ".to_string()
    } else {
        format!(" {words} words ")
    };
    answer_frame()
        .title(Line::from(title))
        .title_bottom(Line::from(count).alignment(Alignment::Right))
}

fn answer_inner(area: &Rect) -> Rect {
    answer_frame().inner(*area)
}

/// The answer box's border and padding, which decide where the text goes.
fn answer_frame() -> Block<'static> {
    Block::bordered()
        .border_type(BorderType::Rounded)
        .padding(Padding::horizontal(1))
}

/// Wraps `text` to `width` columns.
fn wrap_text(text: &str, width: u16) -> Vec<String> {
    textwrap::wrap(text, usize::from(width.max(1)))
        .into_iter()
        .map(|l| l.into_owned())
        .collect()
}

/// Whether the interviewer's title does not already say they are the bar raiser.
fn needs_bar_raiser_tag(info: &InterviewInfo) -> bool {
    info.bar_raiser && !info.title.to_lowercase().contains("bar raiser")
}

/// Width of the story box.
const STORY_BOX_WIDTH: u16 = 50;

/// The story box: the id being typed, what to type, and why the last id was refused.
fn draw_story_box(app: &App, input: &str, frame: &mut Frame) {
    let calm = Style::new().fg(Color::DarkGray);
    let width = STORY_BOX_WIDTH.min(frame.area().width);
    let text_width = width.saturating_sub(4);
    let mut text = vec![
        Line::from(vec![
            Span::styled("Story id  ", calm),
            Span::raw(input.to_string()),
        ]),
        Line::raw(""),
    ];
    if let Some(refused) = &app.story_refused {
        let red = Style::new().fg(Color::Red);
        text.extend(
            wrap_text(refused, text_width)
                .into_iter()
                .map(|l| Line::styled(l, red)),
        );
    } else {
        text.extend(
            wrap_text(
                "Type a story id from your bank. `tpmprep story list` shows them.",
                text_width,
            )
            .into_iter()
            .map(Line::raw),
        );
    }
    let now = match app.story {
        Some(id) => format!("Now tagged: story #{id}. Enter on an empty id clears the tag."),
        None => "No story tagged yet.".to_string(),
    };
    text.extend(
        wrap_text(&now, text_width)
            .into_iter()
            .map(|l| Line::styled(l, calm)),
    );
    text.push(Line::styled("Enter to tag · Esc to cancel", calm));
    let height = u16::try_from(text.len() + 2).unwrap_or(u16::MAX);
    let area = frame
        .area()
        .centered(Constraint::Length(width), Constraint::Length(height));
    frame.render_widget(Clear, area);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(Style::new().fg(Color::Cyan))
        .title(" Which story are you telling? ")
        .padding(Padding::horizontal(1));
    let inner = block.inner(area);
    frame.render_widget(Paragraph::new(text).block(block), area);
    let x = u16::try_from(10 + input.len()).unwrap_or(u16::MAX);
    if inner.width > x && inner.height > 0 {
        frame.set_cursor_position((inner.x + x, inner.y));
    }
}

/// The top bar, the interviewer panel and the question, in a window large enough for them.
fn draw_full_top(app: &App, a: &Areas, frame: &mut Frame) {
    let calm = Style::new().fg(Color::DarkGray);
    let current = &app.prompt.current;
    let info = &app.prompt.info;

    // Top bar: where we are, time on this prompt, time left.
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let raiser = Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD);
    let mut title = vec![
        Span::styled(
            format!(
                "Interview {} of {} · ",
                info.index + 1,
                info.count.max(info.index + 1)
            ),
            bold,
        ),
        Span::styled(
            info.title.clone(),
            if info.bar_raiser { raiser } else { bold },
        ),
    ];
    if needs_bar_raiser_tag(info) {
        title.push(Span::styled(" · bar raiser", raiser));
    }
    frame.render_widget(
        Paragraph::new(Line::from(title)).block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(calm)
                .padding(Padding::horizontal(1)),
        ),
        a.title,
    );
    let here = if current.follow_up {
        " on the follow-up "
    } else {
        " on this question "
    };
    frame.render_widget(
        Paragraph::new(mmss(app.elapsed()))
            .alignment(Alignment::Center)
            .block(
                Block::bordered()
                    .border_type(BorderType::Rounded)
                    .border_style(calm)
                    .title(here),
            ),
        a.timer,
    );
    let left = app.seconds_left();
    let clock_style = countdown_style(left);
    frame.render_widget(
        Paragraph::new(Span::styled(countdown_text(left), clock_style))
            .alignment(Alignment::Center)
            .block(
                Block::bordered()
                    .border_type(BorderType::Thick)
                    .border_style(clock_style)
                    .title(" interview "),
            ),
        a.clock,
    );

    // Interviewer panel.
    let side_width = a.interviewer.width.saturating_sub(4);
    let mut lines = vec![
        Line::styled(
            info.title.clone(),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Line::from(vec![
            Span::styled("Role ", calm),
            Span::raw(info.role.clone()),
        ]),
    ];
    if needs_bar_raiser_tag(info) {
        lines.push(Line::styled("Bar raiser", raiser));
    }
    lines.push(Line::raw(""));
    lines.push(Line::raw(format!(
        "Question {} of {}",
        info.asked.max(1),
        info.planned.max(info.asked).max(1)
    )));
    if current.follow_up {
        lines.push(Line::styled("Follow-up", Style::new().fg(Color::Yellow)));
    }
    if !info.focus.trim().is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Listens for", calm));
        lines.extend(
            wrap_text(&info.focus, side_width)
                .into_iter()
                .map(Line::raw),
        );
    }
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(calm)
                .title(" Interviewer ")
                .padding(Padding::horizontal(1)),
        ),
        a.interviewer,
    );

    // The prompt.
    let question_title = if current.follow_up {
        " The interviewer follows up "
    } else {
        " Question "
    };
    let text_width = a.question.width.saturating_sub(4);
    frame.render_widget(
        Paragraph::new(
            wrap_text(&current.text, text_width)
                .into_iter()
                .map(Line::raw)
                .collect::<Vec<_>>(),
        )
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .title(question_title)
                .padding(Padding::horizontal(1)),
        ),
        a.question,
    );
}

/// The compact screen's first line (time left, where we are) and as much of the question as fits.
fn draw_compact_top(app: &App, a: &Areas, frame: &mut Frame) {
    let info = &app.prompt.info;
    let left = app.seconds_left();
    let title = Line::from(vec![
        Span::styled(countdown_text(left), countdown_style(left)),
        Span::raw(format!(
            " · {} {} of {}",
            if app.prompt.current.follow_up {
                "Follow-up, interview"
            } else {
                "Interview"
            },
            info.index + 1,
            info.count.max(info.index + 1),
        )),
    ]);
    frame.render_widget(Paragraph::new(title), a.title);
    let mut lines = wrap_text(&app.prompt.current.text, a.question.width);
    let rows = usize::from(a.question.height);
    if lines.len() > rows && rows > 0 {
        lines.truncate(rows);
        if let Some(last) = lines.last_mut() {
            let keep = last
                .chars()
                .count()
                .min(usize::from(a.question.width).saturating_sub(1));
            *last = last.chars().take(keep).collect::<String>() + "…";
        }
    }
    frame.render_widget(
        Paragraph::new(lines.into_iter().map(Line::raw).collect::<Vec<_>>())
            .style(Style::new().add_modifier(Modifier::BOLD)),
        a.question,
    );
}

/// Draws the screen.
pub(crate) fn view(app: &App, frame: &mut Frame) {
    let a = areas(app, frame.area());
    let calm = Style::new().fg(Color::DarkGray);
    if a.compact {
        draw_compact_top(app, &a, frame);
    } else {
        draw_full_top(app, &a, frame);
    }

    // The answer.
    frame.render_widget(answer_block(app), a.answer);
    let inner = answer_inner(&a.answer);
    let cursor = app.editor.draw(inner, frame.buffer_mut());
    if app.story_input.is_none() {
        if let Some(at) = cursor {
            frame.set_cursor_position(at);
        }
    }

    // Status and help.
    let status = match &app.status {
        Some((StatusKind::Info, text)) => Line::raw(text.clone()),
        Some((StatusKind::Error | StatusKind::DraftError, text)) => {
            Line::styled(text.clone(), Style::new().fg(Color::Red))
        }
        None if a.compact => Line::styled(
            "Make the window larger to see the whole question and the keys.",
            calm,
        ),
        None => Line::styled("Drafts are kept as you type.", calm),
    };
    frame.render_widget(Paragraph::new(status), a.status);
    frame.render_widget(Paragraph::new(Line::styled(HELP, calm)), a.help);

    // The story box, over everything.
    if let Some(input) = &app.story_input {
        draw_story_box(app, input, frame);
    }

    if !app.color {
        strip_colors(frame.buffer_mut());
    }
}
