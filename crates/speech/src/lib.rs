//! Spoken answers as transcripts (issue 19), pure: read plain text (with a duration given), SubRip
//! (`.srt`), WebVTT (`.vtt`) and Whisper JSON (segments, with word timestamps when present) into
//! timed cues; odd but valid files (a byte-order mark, CRLF, no final newline, overlapping cues,
//! speaker labels) are read; malformed ones are refused naming the line.
//!
//! Work in progress on branch `speak`: the readers. Analytics (pace, fillers, pauses, windows) next.

#![deny(missing_docs)]

mod read;

pub use read::{Cue, Format, Transcript, TranscriptError, read};
