//! The candidate's diagram: named boxes and labelled arrows between them. The web page draws it
//! as SVG and edits it with forms (keyboard first); the terminal reads and writes it as lines:
//! a line with an arrow (`A → B: what flows`, `->` also read) is a flow, any other line a
//! component. Names are unique regardless of case, so lines name boxes unambiguously.

use serde::{Deserialize, Serialize};

/// The most boxes a diagram holds.
pub const MAX_BOXES: usize = 40;
/// The most arrows a diagram holds.
pub const MAX_ARROWS: usize = 80;
/// The longest box name, in characters.
pub const MAX_NAME: usize = 60;
/// The longest arrow label, in characters.
pub const MAX_LABEL: usize = 80;

/// Where boxes are drawn: a grid of this many columns.
pub const COLUMNS: usize = 3;
/// A box's width in the drawing.
pub const BOX_W: i32 = 170;
/// A box's height in the drawing.
pub const BOX_H: i32 = 56;
const GAP_X: i32 = 130;
const GAP_Y: i32 = 60;
const MARGIN: i32 = 16;

/// A component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    /// Stable id within the diagram.
    pub id: u32,
    /// Its name.
    pub name: String,
}

/// A flow from one component to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arrow {
    /// From this box's id.
    pub from: u32,
    /// To this box's id.
    pub to: u32,
    /// What flows (may be empty).
    #[serde(default)]
    pub label: String,
}

/// A diagram (stored whole as JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagram {
    /// The boxes, in the order added.
    #[serde(default)]
    pub boxes: Vec<Node>,
    /// The arrows, in the order added.
    #[serde(default)]
    pub arrows: Vec<Arrow>,
}

/// A change to a diagram.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Adds a box.
    AddBox(String),
    /// Renames a box.
    Rename(u32, String),
    /// Removes a box and its arrows.
    RemoveBox(u32),
    /// Adds an arrow (or relabels the one between the same boxes).
    Connect(u32, u32, String),
    /// Removes the arrow from one box to another.
    Disconnect(u32, u32),
}

/// Why a diagram or an edit is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiagramError {
    /// An empty name.
    #[error("a box needs a name")]
    EmptyName,
    /// A name too long.
    #[error("a box's name has at most {MAX_NAME} characters ({0} given)")]
    NameTooLong(usize),
    /// A label too long.
    #[error("an arrow's label has at most {MAX_LABEL} characters ({0} given)")]
    LabelTooLong(usize),
    /// Two boxes with one name.
    #[error("there is already a box named \"{0}\"")]
    Duplicate(String),
    /// No such box.
    #[error("no box {0} in the diagram")]
    NoBox(u32),
    /// An arrow from a box to itself.
    #[error("an arrow needs two different boxes")]
    SelfArrow,
    /// Too many boxes or arrows.
    #[error("a diagram holds at most {MAX_BOXES} boxes and {MAX_ARROWS} arrows")]
    Full,
    /// A line of the terminal form that cannot be read.
    #[error("line {line}: {why}")]
    Line {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        why: String,
    },
    /// Stored JSON that is not a diagram.
    #[error("not a diagram: {0}")]
    Json(String),
}

fn clean(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Diagram {
    /// Reads stored JSON, checking it as an edit would.
    pub fn from_json(json: &str) -> Result<Self, DiagramError> {
        let d: Diagram =
            serde_json::from_str(json).map_err(|e| DiagramError::Json(e.to_string()))?;
        d.check()?;
        Ok(d)
    }

    /// The JSON kept by the store.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| r#"{"boxes":[],"arrows":[]}"#.into())
    }

    /// Checks every rule (names, sizes, arrows between existing, different boxes).
    pub fn check(&self) -> Result<(), DiagramError> {
        if self.boxes.len() > MAX_BOXES || self.arrows.len() > MAX_ARROWS {
            return Err(DiagramError::Full);
        }
        for (i, b) in self.boxes.iter().enumerate() {
            check_name(&b.name)?;
            if self.boxes[..i].iter().any(|o| o.id == b.id) {
                return Err(DiagramError::Json(format!("box id {} twice", b.id)));
            }
            if self.boxes[..i].iter().any(|o| same(&o.name, &b.name)) {
                return Err(DiagramError::Duplicate(b.name.clone()));
            }
        }
        for a in &self.arrows {
            self.node(a.from)?;
            self.node(a.to)?;
            if a.from == a.to {
                return Err(DiagramError::SelfArrow);
            }
            if a.label.chars().count() > MAX_LABEL {
                return Err(DiagramError::LabelTooLong(a.label.chars().count()));
            }
        }
        Ok(())
    }

    /// The box with this id.
    pub fn node(&self, id: u32) -> Result<&Node, DiagramError> {
        self.boxes
            .iter()
            .find(|b| b.id == id)
            .ok_or(DiagramError::NoBox(id))
    }

    /// The box with this name (any case).
    pub fn named(&self, name: &str) -> Option<&Node> {
        let name = clean(name);
        self.boxes.iter().find(|b| same(&b.name, &name))
    }

    /// Applies an edit; a refused edit changes nothing. Returns the id of a box added.
    pub fn apply(&mut self, edit: Edit) -> Result<Option<u32>, DiagramError> {
        let mut next = self.clone();
        let added = next.apply_in_place(edit)?;
        next.check()?;
        *self = next;
        Ok(added)
    }

    fn apply_in_place(&mut self, edit: Edit) -> Result<Option<u32>, DiagramError> {
        match edit {
            Edit::AddBox(name) => {
                let name = clean(&name);
                check_name(&name)?;
                if self.named(&name).is_some() {
                    return Err(DiagramError::Duplicate(name));
                }
                if self.boxes.len() >= MAX_BOXES {
                    return Err(DiagramError::Full);
                }
                let id = self.boxes.iter().map(|b| b.id + 1).max().unwrap_or(1);
                self.boxes.push(Node { id, name });
                Ok(Some(id))
            }
            Edit::Rename(id, name) => {
                let name = clean(&name);
                check_name(&name)?;
                if self.named(&name).is_some_and(|b| b.id != id) {
                    return Err(DiagramError::Duplicate(name));
                }
                let b = self
                    .boxes
                    .iter_mut()
                    .find(|b| b.id == id)
                    .ok_or(DiagramError::NoBox(id))?;
                b.name = name;
                Ok(None)
            }
            Edit::RemoveBox(id) => {
                self.node(id)?;
                self.boxes.retain(|b| b.id != id);
                self.arrows.retain(|a| a.from != id && a.to != id);
                Ok(None)
            }
            Edit::Connect(from, to, label) => {
                self.node(from)?;
                self.node(to)?;
                if from == to {
                    return Err(DiagramError::SelfArrow);
                }
                let label = clean(&label);
                if label.chars().count() > MAX_LABEL {
                    return Err(DiagramError::LabelTooLong(label.chars().count()));
                }
                if let Some(a) = self
                    .arrows
                    .iter_mut()
                    .find(|a| a.from == from && a.to == to)
                {
                    a.label = label;
                } else {
                    if self.arrows.len() >= MAX_ARROWS {
                        return Err(DiagramError::Full);
                    }
                    self.arrows.push(Arrow { from, to, label });
                }
                Ok(None)
            }
            Edit::Disconnect(from, to) => {
                let before = self.arrows.len();
                self.arrows.retain(|a| !(a.from == from && a.to == to));
                if self.arrows.len() == before {
                    return Err(DiagramError::Line {
                        line: 0,
                        why: "no such arrow".into(),
                    });
                }
                Ok(None)
            }
        }
    }

    /// The terminal form: each box on a line, then each arrow as `A → B: what flows`.
    pub fn to_lines(&self) -> String {
        let mut out = String::new();
        for b in &self.boxes {
            out.push_str(&b.name);
            out.push('\n');
        }
        for a in &self.arrows {
            out.push_str(&self.arrow_line(a));
            out.push('\n');
        }
        out
    }

    /// One arrow in words: `A → B: what flows` (`A → B` without a label).
    pub fn arrow_line(&self, a: &Arrow) -> String {
        let name = |id| self.node(id).map_or("?", |b| b.name.as_str());
        if a.label.is_empty() {
            format!("{} → {}", name(a.from), name(a.to))
        } else {
            format!("{} → {}: {}", name(a.from), name(a.to), a.label)
        }
    }

    /// Reads the terminal form. A box named only in an arrow is added; `- ` bullets and blank
    /// lines are allowed; errors name the line.
    pub fn from_lines(text: &str) -> Result<Self, DiagramError> {
        let mut d = Diagram::default();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim().trim_start_matches(['-', '*', '•']).trim();
            if line.is_empty() {
                continue;
            }
            let at = |e: DiagramError| DiagramError::Line {
                line: i + 1,
                why: e.to_string(),
            };
            let arrow = line.split_once('→').or_else(|| line.split_once("->"));
            match arrow {
                None => {
                    if d.named(line).is_none() {
                        d.apply(Edit::AddBox(line.into())).map_err(at)?;
                    }
                }
                Some((from, rest)) => {
                    let (to, label) = rest.split_once(':').unwrap_or((rest, ""));
                    let mut id_of = |name: &str| -> Result<u32, DiagramError> {
                        if let Some(b) = d.named(name) {
                            return Ok(b.id);
                        }
                        d.apply(Edit::AddBox(name.into()))?
                            .ok_or(DiagramError::EmptyName)
                    };
                    let from = id_of(from).map_err(at)?;
                    let to = id_of(to).map_err(at)?;
                    d.apply(Edit::Connect(from, to, label.into())).map_err(at)?;
                }
            }
        }
        Ok(d)
    }

    /// Where a box is drawn: its top-left corner on the grid, by its place in the list.
    pub fn position(&self, id: u32) -> Option<(i32, i32)> {
        let i = self.boxes.iter().position(|b| b.id == id)?;
        let col = (i % COLUMNS) as i32;
        let row = (i / COLUMNS) as i32;
        Some((
            MARGIN + col * (BOX_W + GAP_X),
            MARGIN + row * (BOX_H + GAP_Y),
        ))
    }

    /// The drawing's size.
    pub fn size(&self) -> (i32, i32) {
        let rows = self.boxes.len().div_ceil(COLUMNS).max(1) as i32;
        let cols = self.boxes.len().clamp(1, COLUMNS) as i32;
        (
            2 * MARGIN + cols * BOX_W + (cols - 1) * GAP_X,
            2 * MARGIN + rows * BOX_H + (rows - 1) * GAP_Y,
        )
    }
}

fn same(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

fn check_name(name: &str) -> Result<(), DiagramError> {
    if name.trim().is_empty() {
        return Err(DiagramError::EmptyName);
    }
    let n = name.chars().count();
    if n > MAX_NAME {
        return Err(DiagramError::NameTooLong(n));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn boxes_and_arrows_are_added_named_and_removed() {
        let mut d = Diagram::default();
        let api = d
            .apply(Edit::AddBox(" API   service ".into()))
            .expect("valid")
            .expect("valid");
        let db = d
            .apply(Edit::AddBox("Orders DB".into()))
            .expect("valid")
            .expect("valid");
        d.apply(Edit::Connect(api, db, "writes orders".into()))
            .expect("valid");
        assert_eq!(
            d.to_lines(),
            "API service\nOrders DB\nAPI service → Orders DB: writes orders\n"
        );
        assert_eq!(
            d.apply(Edit::AddBox("orders db".into())),
            Err(DiagramError::Duplicate("orders db".into()))
        );
        assert_eq!(
            d.apply(Edit::Connect(api, api, String::new())),
            Err(DiagramError::SelfArrow)
        );
        d.apply(Edit::Connect(api, db, "writes".into()))
            .expect("valid");
        assert_eq!(
            d.arrows.len(),
            1,
            "a second arrow between the same boxes relabels"
        );
        d.apply(Edit::RemoveBox(db)).expect("valid");
        assert!(d.arrows.is_empty());
        assert_eq!(d.apply(Edit::RemoveBox(db)), Err(DiagramError::NoBox(db)));
    }

    #[test]
    fn the_terminal_form_is_read_with_line_numbers_in_errors() {
        let d = Diagram::from_lines("- Client\n\nClient -> API: HTTPS\nAPI → Cache: reads\n")
            .expect("valid");
        assert_eq!(d.boxes.len(), 3);
        assert_eq!(
            d.to_lines(),
            "Client\nAPI\nCache\nClient → API: HTTPS\nAPI → Cache: reads\n"
        );
        let e = Diagram::from_lines("A\nA -> A\n").expect_err("refused");
        assert_eq!(e.to_string(), "line 2: an arrow needs two different boxes");
        let e = Diagram::from_lines(&format!("A -> {}\n", "b".repeat(61))).expect_err("refused");
        assert!(e.to_string().starts_with("line 1: a box's name"), "{e}");
    }

    #[test]
    fn stored_json_is_checked() {
        assert!(Diagram::from_json(r#"{"boxes":[],"arrows":[]}"#).is_ok());
        assert!(
            Diagram::from_json(r#"{"boxes":[{"id":1,"name":"A"}],"arrows":[{"from":1,"to":2}]}"#)
                .is_err()
        );
        assert!(Diagram::from_json("nope").is_err());
    }

    #[test]
    fn boxes_sit_on_a_grid_inside_the_drawing() {
        let d = Diagram::from_lines("a\nb\nc\nd\n").expect("valid");
        let (w, h) = d.size();
        for b in &d.boxes {
            let (x, y) = d.position(b.id).expect("valid");
            assert!(x >= 0 && y >= 0 && x + BOX_W <= w && y + BOX_H <= h);
        }
        assert_ne!(d.position(1), d.position(4));
    }

    proptest! {
        #[test]
        fn the_lines_form_reads_back_what_it_wrote(names in proptest::collection::vec("[A-Za-z][A-Za-z ]{0,12}", 1..8)) {
            let mut d = Diagram::default();
            let mut ids = Vec::new();
            for n in &names {
                if let Ok(Some(id)) = d.apply(Edit::AddBox(n.clone())) { ids.push(id); }
            }
            for w in ids.windows(2) {
                d.apply(Edit::Connect(w[0], w[1], "data".into())).expect("valid");
            }
            let back = Diagram::from_lines(&d.to_lines()).expect("valid");
            prop_assert_eq!(back.to_lines(), d.to_lines());
        }

        #[test]
        fn any_text_is_read_or_refused_without_panicking(text in "\\PC{0,200}") {
            if let Ok(d) = Diagram::from_lines(&text) { prop_assert!(d.check().is_ok()); }
        }
    }
}
