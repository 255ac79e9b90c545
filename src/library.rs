//! The built-in lessons (the `lessons/` folder, compiled in) and how a lesson
//! reference on the command line finds its file: a path to a `.toml` file,
//! or the id of a built-in lesson.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::Source;
use crate::labels::Language;

include!(concat!(env!("OUT_DIR"), "/builtin_lessons.rs"));

/// A lesson file compiled into the binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Builtin {
    /// File name, like `compassion-in-recovery.es.toml`.
    pub file: &'static str,
    pub text: &'static str,
}

impl Builtin {
    /// The id part of the file name: `compassion-in-recovery`.
    pub fn id(&self) -> &'static str {
        self.file.split('.').next().unwrap_or(self.file)
    }

    /// The language from the file name: `x.es.toml` is Spanish, `x.toml`
    /// the default (English unless the file says otherwise).
    pub fn language_tag(&self) -> Option<&'static str> {
        let parts: Vec<&str> = self.file.split('.').collect();
        (parts.len() == 3).then(|| parts[1])
    }

    pub fn source(&self) -> Arc<Source> {
        Source::new(format!("lessons/{}", self.file), self.text)
    }
}

pub fn builtins() -> impl Iterator<Item = Builtin> {
    BUILTIN_LESSONS
        .iter()
        .map(|&(file, text)| Builtin { file, text })
}

/// Built-in lesson ids, each once, sorted.
pub fn builtin_ids() -> Vec<&'static str> {
    let mut ids: Vec<&str> = builtins().map(|b| b.id()).collect();
    ids.dedup();
    ids
}

/// What to say of a lesson reference that names nothing: the built-in
/// lesson it most likely meant (a typo or two away), then every id.
pub fn unknown_lesson_hint(reference: &str) -> String {
    let ids = builtin_ids();
    let stem = reference.trim_end_matches(".toml");
    let list = ids.join(", ");
    match crate::read::closest(stem, &ids) {
        Some(id) => format!("did you mean `{id}`? The built-in lessons: {list}"),
        None => format!("the built-in lessons: {list}"),
    }
}

/// The built-in lesson `id`, in `language` when a variant exists, else the
/// default file.
pub fn find_builtin(id: &str, language: Option<Language>) -> Option<Builtin> {
    let variant = language
        .and_then(|l| builtins().find(|b| b.id() == id && b.language_tag() == Some(l.code())));
    variant.or_else(|| builtins().find(|b| b.id() == id && b.language_tag().is_none()))
}

/// Where a lesson reference points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LessonRef {
    File(PathBuf),
    Builtin(Builtin),
}

/// Read a reference as a path when it looks like one (has a `.toml`
/// extension or a path separator, or names an existing file), else as a
/// built-in id.
pub fn resolve(reference: &str) -> Result<LessonRef, String> {
    resolve_in(reference, Path::new(""))
}

/// Like [`resolve`], with relative paths taken from `base` (a packet's
/// folder).
pub fn resolve_in(reference: &str, base: &Path) -> Result<LessonRef, String> {
    let path = base.join(reference);
    let looks_like_path = reference.ends_with(".toml")
        || reference.contains('/')
        || reference.contains(std::path::MAIN_SEPARATOR)
        || path.is_file();
    if looks_like_path {
        return Ok(LessonRef::File(path));
    }
    if let Some(b) = find_builtin(reference, None) {
        return Ok(LessonRef::Builtin(b));
    }
    // `compassion-in-recovery.es`: an edition, as `handout list` names it.
    if let Some((id, lang)) = reference.split_once('.')
        && let Some(b) = find_builtin(id, None)
    {
        let r = LessonRef::Builtin(b);
        return edition(&r, lang);
    }
    Err(format!(
        "no lesson file or built-in lesson called `{reference}`"
    ))
}

/// Every edition of a lesson, by language, the default first: the
/// built-in files of its id, or `x.toml` and the `x.<lang>.toml` beside it.
pub fn editions(lesson: &LessonRef) -> Vec<(Language, LessonRef)> {
    let mut out: Vec<(Language, LessonRef)> = Vec::new();
    match lesson {
        LessonRef::Builtin(b) => {
            for v in builtins().filter(|v| v.id() == b.id()) {
                let lang = match v.language_tag() {
                    Some(tag) => Language::from_code(tag),
                    None => Some(declared_language(v.text)),
                };
                if let Some(lang) = lang {
                    let r = LessonRef::Builtin(v);
                    if v.language_tag().is_none() {
                        out.insert(0, (lang, r));
                    } else {
                        out.push((lang, r));
                    }
                }
            }
        }
        LessonRef::File(path) => {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let stem = name.split('.').next().unwrap_or("").to_string();
            let dir = path.parent().unwrap_or(Path::new(""));
            let listing = if dir.as_os_str().is_empty() {
                std::fs::read_dir(".")
            } else {
                std::fs::read_dir(dir)
            };
            let mut files: Vec<String> = listing
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.file_name().to_string_lossy().to_string())
                .collect();
            files.sort();
            for f in files {
                let Some(middle) = f
                    .strip_prefix(&format!("{stem}."))
                    .and_then(|r| r.strip_suffix(".toml"))
                else {
                    continue;
                };
                let r = LessonRef::File(path.with_file_name(&f));
                if let Some(lang) = Language::from_code(middle) {
                    out.push((lang, r));
                }
            }
            let default = LessonRef::File(path.with_file_name(format!("{stem}.toml")));
            if let LessonRef::File(p) = &default
                && p.is_file()
            {
                let text = std::fs::read_to_string(p).unwrap_or_default();
                let lang = declared_language(&text);
                out.retain(|(l, _)| *l != lang);
                out.insert(0, (lang, default));
            }
        }
    }
    out
}

/// The `language` edition of `lesson`, where `written` is a language as
/// people write it (`es`, `Spanish`); when there is none, a message that
/// lists the languages it has.
pub fn edition(lesson: &LessonRef, written: &str) -> Result<LessonRef, String> {
    let all = editions(lesson);
    let codes: Vec<&str> = all.iter().map(|(l, _)| l.code()).collect();
    let name = match lesson {
        LessonRef::Builtin(b) => b.id().to_string(),
        LessonRef::File(p) => p.display().to_string(),
    };
    if let Some(lang) = Language::parse(written)
        && let Some((_, r)) = all.iter().find(|(l, _)| *l == lang)
    {
        return Ok(r.clone());
    }
    // A near miss: the code the written one starts (`esp`) or begins
    // (`zh`), when only one fits.
    let lower = written.trim().to_lowercase();
    let near: Vec<&&str> = codes
        .iter()
        .filter(|c| {
            let c = c.to_lowercase();
            !lower.is_empty() && (lower.starts_with(&c) || c.starts_with(&lower))
        })
        .collect();
    let near = match near.as_slice() {
        [one] => format!("; did you mean `{one}`?"),
        _ => String::new(),
    };
    let shown = Language::parse(written).map_or(written.trim(), |l| l.code());
    Err(format!(
        "`{name}` has no `{shown}` edition: it has {}{near}",
        codes.join(", ")
    ))
}

/// The language a lesson file says it is in (`language = "es"`), or
/// English, its default.
fn declared_language(text: &str) -> Language {
    let (doc, _) = toml::de::DeTable::parse_recoverable(text);
    doc.get_ref()
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == "language")
        .and_then(|(_, v)| match v.get_ref() {
            toml::de::DeValue::String(s) => Language::parse(s),
            _ => None,
        })
        .unwrap_or_default()
}

/// The `language` edition of a lesson, when one exists: the built-in
/// `<id>.<lang>.toml`, or a file `x.<lang>.toml` beside `x.toml`. `None`
/// when there is none (the caller falls back to the default edition).
pub fn variant(lesson: &LessonRef, language: Language) -> Option<LessonRef> {
    match lesson {
        LessonRef::Builtin(b) => {
            if b.language_tag() == Some(language.code()) {
                return Some(lesson.clone());
            }
            builtins()
                .find(|v| v.id() == b.id() && v.language_tag() == Some(language.code()))
                .map(LessonRef::Builtin)
        }
        LessonRef::File(path) => {
            let name = path.file_name()?.to_string_lossy().to_string();
            let base = name.strip_suffix(".toml")?;
            // `x.es.toml` asked for in Spanish is itself.
            if base.ends_with(&format!(".{}", language.code())) {
                return Some(lesson.clone());
            }
            let stem = base.split('.').next().unwrap_or(base);
            let sibling = path.with_file_name(format!("{stem}.{}.toml", language.code()));
            sibling.is_file().then_some(LessonRef::File(sibling))
        }
    }
}

impl LessonRef {
    /// How messages name it.
    pub fn display(&self) -> String {
        match self {
            LessonRef::File(p) => p.display().to_string(),
            LessonRef::Builtin(b) => format!("lessons/{}", b.file),
        }
    }
}

/// The file stem that gives a lesson its default id.
pub fn stem(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .map(|n| n.strip_suffix(".toml").map(str::to_string).unwrap_or(n))
        .unwrap_or_default()
}

/// The commented skeleton `handout new` writes, with `{title}` and
/// `{file}` to fill in.
const SKELETON: &str = include_str!("skeleton.toml");

/// A new lesson titled `title`, to be saved as `file`: the commented
/// skeleton `handout new` writes, which passes `handout check` as written.
pub fn skeleton(title: &str, file: &str) -> String {
    let escaped = title.replace('\\', "\\\\").replace('"', "\\\"");
    SKELETON
        .replace("{title}", &escaped)
        .replace("{file}", file)
}

/// The file name a lesson titled `title` is saved under: its slug and
/// `.toml` (`Coping with Stress!` → `coping-with-stress.toml`), or
/// `lesson.toml` for a title with no letters or digits to make one from.
pub fn file_name_for(title: &str) -> String {
    let s = crate::text::slug(title);
    if s.is_empty() {
        "lesson.toml".into()
    } else {
        format!("{s}.toml")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_slugs() {
        assert_eq!(
            file_name_for("Coping with Stress!"),
            "coping-with-stress.toml"
        );
        assert_eq!(file_name_for("  "), "lesson.toml");
        assert_eq!(file_name_for("Ánimo y calma"), "animo-y-calma.toml");
    }

    #[test]
    fn compassion_in_recovery_is_built_in() {
        let b = find_builtin("compassion-in-recovery", None).expect("built in");
        assert_eq!(b.file, "compassion-in-recovery.toml");
        assert!(builtin_ids().contains(&"compassion-in-recovery"));
    }

    #[test]
    fn references_resolve_to_files_or_builtins() {
        assert!(matches!(
            resolve("compassion-in-recovery"),
            Ok(LessonRef::Builtin(_))
        ));
        assert!(matches!(resolve("my-lesson.toml"), Ok(LessonRef::File(_))));
        assert!(matches!(resolve("dir/x"), Ok(LessonRef::File(_))));
        assert!(resolve("no-such-lesson").is_err());
    }

    #[test]
    fn language_editions_are_found_beside_the_default() {
        let dir = tempfile::tempdir().unwrap();
        let en = dir.path().join("calm.toml");
        std::fs::write(&en, "").unwrap();
        std::fs::write(dir.path().join("calm.es.toml"), "").unwrap();
        let r = LessonRef::File(en.clone());
        assert_eq!(
            variant(&r, Language::Es),
            Some(LessonRef::File(dir.path().join("calm.es.toml")))
        );
        std::fs::remove_file(dir.path().join("calm.es.toml")).unwrap();
        assert_eq!(variant(&r, Language::Es), None);
        let b = resolve("compassion-in-recovery").unwrap();
        let has_es = builtins()
            .any(|v| v.id() == "compassion-in-recovery" && v.language_tag() == Some("es"));
        assert_eq!(variant(&b, Language::Es).is_some(), has_es);
    }

    #[test]
    fn stems_drop_only_the_toml_extension() {
        assert_eq!(stem(Path::new("a/b/x.es.toml")), "x.es");
        assert_eq!(stem(Path::new("x.toml")), "x");
    }
}
