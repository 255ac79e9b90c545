//! The shape of each file format, written once as data: the tables a file
//! holds, their keys, what each key holds and what it is for. The readers
//! ([`crate::read`]) take their key lists from it, so a key the shape
//! doesn't list is an unknown key, and `handout schema` writes it out as a
//! JSON Schema for editors: the two can't drift apart.
//!
//! Each format's shapes sit beside the code that reads it (the lesson's in
//! `lesson/`, a packet's in `packet.rs`, a local help file's in `help.rs`).
//! A shape says what an editor can check while typing; the reader checks
//! more (a tracker too wide for the page, two scenarios with one id), so a
//! shape may be looser than its reader but never stricter.

use serde_json::{Map, Value, json};

/// One table of a file, and the keys it may hold.
#[derive(Debug)]
pub struct Shape {
    /// What it is, in a few words: the schema's `title`.
    pub title: &'static str,
    /// One sentence: what the table is for.
    pub description: &'static str,
    pub fields: &'static [Field],
}

/// One key of a table.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub key: &'static str,
    pub holds: Holds,
    pub required: bool,
    /// One sentence, in docs/lesson-format.md's words.
    pub description: &'static str,
}

/// What a key's value may be, as an editor can check it.
#[derive(Debug, Clone, Copy)]
pub enum Holds {
    /// Text in quotes, not empty (Markdown where the format says so).
    Text,
    /// Text in quotes that matches `pattern`, a regular expression (ECMA
    /// 262, as JSON Schema reads it: found anywhere unless anchored with
    /// `^…$`), like `example`.
    Pattern {
        pattern: &'static str,
        example: &'static str,
    },
    /// `true` or `false`.
    Flag,
    /// A whole number from `min` to `max`.
    Count { min: u32, max: u32 },
    /// A TOML date with no time, no quotes (`2026-12-07`).
    Date,
    /// One of these words.
    Word(&'static [&'static str]),
    /// A list of values, each as `item` holds.
    List {
        item: &'static Holds,
        min: usize,
        max: Option<usize>,
        unique: bool,
    },
    /// A table (`[plan]`).
    Table(&'static Shape),
    /// A list of tables (`[[terms]]`).
    Tables {
        shape: &'static Shape,
        min: usize,
        max: Option<usize>,
    },
    /// A table whose keys are the author's own (languages), each value as
    /// this holds.
    Map(&'static Holds),
    /// Any one of these.
    Either(&'static [Holds]),
}

impl Field {
    pub const fn required(key: &'static str, holds: Holds, description: &'static str) -> Field {
        Field {
            key,
            holds,
            required: true,
            description,
        }
    }

    pub const fn optional(key: &'static str, holds: Holds, description: &'static str) -> Field {
        Field {
            key,
            holds,
            required: false,
            description,
        }
    }
}

impl Holds {
    /// A list of at least `min` items, with no most.
    pub const fn list(item: &'static Holds, min: usize) -> Holds {
        Holds::List {
            item,
            min,
            max: None,
            unique: false,
        }
    }

    /// A list of at least one table, with no most.
    pub const fn tables(shape: &'static Shape) -> Holds {
        Holds::Tables {
            shape,
            min: 1,
            max: None,
        }
    }
}

impl Shape {
    /// Its keys, in order.
    pub fn keys(&self) -> Vec<&'static str> {
        self.fields.iter().map(|f| f.key).collect()
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }
}

/// The JSON Schema of a file of this shape: draft-07, using only what
/// draft 4 has too, which is what Taplo reads, besides `examples` (which a
/// draft 4 reader passes over). TOML dates are strings in it, as Taplo
/// passes them to the schema.
pub fn json_schema(shape: &Shape) -> Value {
    let mut schema = Map::new();
    schema.insert(
        "$schema".into(),
        json!("http://json-schema.org/draft-07/schema#"),
    );
    schema.extend(table(shape));
    Value::Object(schema)
}

fn table(shape: &Shape) -> Map<String, Value> {
    let mut properties = Map::new();
    for f in shape.fields {
        let mut p = holds(&f.holds);
        p.insert("description".into(), json!(f.description));
        properties.insert(f.key.into(), Value::Object(p));
    }
    let mut out = Map::new();
    out.insert("title".into(), json!(shape.title));
    out.insert("description".into(), json!(shape.description));
    out.insert("type".into(), json!("object"));
    out.insert("properties".into(), Value::Object(properties));
    let required: Vec<&str> = shape
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.key)
        .collect();
    if !required.is_empty() {
        out.insert("required".into(), json!(required));
    }
    out.insert("additionalProperties".into(), json!(false));
    out
}

fn holds(h: &Holds) -> Map<String, Value> {
    let value = match *h {
        Holds::Text => json!({"type": "string", "minLength": 1}),
        Holds::Pattern { pattern, example } => {
            json!({"type": "string", "pattern": pattern, "examples": [example]})
        }
        Holds::Flag => json!({"type": "boolean"}),
        Holds::Count { min, max } => json!({"type": "integer", "minimum": min, "maximum": max}),
        Holds::Date => json!({"type": "string", "format": "date"}),
        Holds::Word(words) => json!({"type": "string", "enum": words}),
        Holds::List {
            item,
            min,
            max,
            unique,
        } => {
            let mut list = array(Value::Object(holds(item)), min, max);
            if unique {
                list.insert("uniqueItems".into(), json!(true));
            }
            return list;
        }
        Holds::Table(shape) => return table(shape),
        Holds::Tables { shape, min, max } => return array(Value::Object(table(shape)), min, max),
        Holds::Map(value) => {
            json!({"type": "object", "additionalProperties": Value::Object(holds(value))})
        }
        Holds::Either(all) => {
            let any: Vec<Value> = all.iter().map(|h| Value::Object(holds(h))).collect();
            json!({ "anyOf": any })
        }
    };
    match value {
        Value::Object(map) => map,
        _ => unreachable!("every value above is an object"),
    }
}

fn array(items: Value, min: usize, max: Option<usize>) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("type".into(), json!("array"));
    out.insert("items".into(), items);
    if min > 0 {
        out.insert("minItems".into(), json!(min));
    }
    if let Some(max) = max {
        out.insert("maxItems".into(), json!(max));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: Shape = Shape {
        title: "A line",
        description: "A help line.",
        fields: &[
            Field::required("name", Holds::Text, "Its name."),
            Field::optional("hours", Holds::Count { min: 0, max: 24 }, "When."),
        ],
    };

    const FILE: Shape = Shape {
        title: "A file",
        description: "A file of lines.",
        fields: &[Field::optional(
            "line",
            Holds::Tables {
                shape: &LINE,
                min: 0,
                max: Some(3),
            },
            "The lines.",
        )],
    };

    #[test]
    fn a_table_lists_its_keys_and_refuses_others() {
        let schema = json_schema(&FILE);
        assert_eq!(schema["additionalProperties"], json!(false));
        assert!(schema.get("required").is_none());
        let lines = &schema["properties"]["line"];
        assert_eq!(lines["type"], "array");
        assert_eq!(lines["maxItems"], 3);
        assert!(lines.get("minItems").is_none());
        assert_eq!(lines["description"], "The lines.");
        let line = &lines["items"];
        assert_eq!(line["required"], json!(["name"]));
        assert_eq!(line["additionalProperties"], json!(false));
        assert_eq!(line["properties"]["hours"]["maximum"], 24);
    }
}
