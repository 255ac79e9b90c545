//! The lesson editor's words, in English and Spanish: a part of [`Words`]
//! (`w.editor`), kept in its own file to keep each file short.
//!
//! [`Words`]: super::Words

/// Every word the editor page and its answers say, in one language.
#[derive(Debug)]
pub struct EditorWords {
    /// On a gallery card: open a folder lesson's source, or a built-in's.
    pub edit: &'static str,
    pub view_source: &'static str,
    /// The gallery's button, and the heading of the page it opens.
    pub new_lesson: &'static str,
    pub new_lead: &'static str,
    pub new_title_label: &'static str,
    pub new_title_hint: &'static str,
    pub new_start: &'static str,
    /// Every lesson file in the folder, those the gallery leaves out too.
    pub files_link: &'static str,
    pub files_lead: &'static str,
    pub files_none: &'static str,
    /// The page's title, given the file's name (or a built-in lesson's id).
    pub title: fn(&str) -> String,
    pub file_label: &'static str,
    pub source_label: &'static str,
    pub source_hint: &'static str,
    /// A built-in lesson, shown but not changed.
    pub read_only: &'static str,
    pub copy_name_label: &'static str,
    pub copy_name_hint: &'static str,
    pub save: &'static str,
    pub save_copy: &'static str,
    /// A new lesson: not on disk until saved, given its file name.
    pub not_saved_yet: fn(&str) -> String,
    pub preview_heading: &'static str,
    pub findings_heading: &'static str,
    pub no_findings: &'static str,
    /// The source can't be read as a lesson: the preview waits.
    pub not_parsed: &'static str,
    pub longest_heading: &'static str,
    /// "Line 12, column 3".
    pub line_column: fn(usize, usize) -> String,
    pub error: &'static str,
    pub warning: &'static str,
    pub note: &'static str,
    /// The reading grade and the formula it comes from.
    pub grade: fn(f64, &str) -> String,
    pub no_grade: &'static str,
    /// A sentence's length.
    pub sentence_words: fn(usize) -> String,
    pub saving: &'static str,
    /// Saved, given the file's name; and with how many errors it has.
    pub saved: fn(&str) -> String,
    pub saved_with_errors: fn(&str, usize) -> String,
    /// No `--lessons`: where to save, given the command that gives one.
    pub no_folder: &'static str,
    /// The command that starts the app with a lessons folder, its
    /// placeholder in the page's language.
    pub start_command: &'static str,
    pub bad_name: &'static str,
    pub link: fn(&str) -> String,
    pub not_a_file: fn(&str) -> String,
    pub missing: fn(&str) -> String,
    pub changed_on_disk: &'static str,
    /// The open file changed on disk, nothing typed: the page took it.
    pub reloaded_from_disk: &'static str,
    /// The open file changed on disk while the person was typing.
    pub changed_under_you: &'static str,
    /// The open file was removed from the folder.
    pub removed_on_disk: &'static str,
    pub exists: fn(&str) -> String,
    /// The most a lesson may be, in KB.
    pub too_large: fn(usize) -> String,
    pub not_text: &'static str,
    /// The system's reason.
    pub write_failed: fn(&str) -> String,
    /// The request itself could not be read.
    pub bad_request: &'static str,
}

pub static EN: EditorWords = EditorWords {
    edit: "Edit",
    view_source: "View source",
    new_lesson: "New lesson",
    new_lead: "Give the lesson a title. It starts from the same outline as the handout new command, with notes on every part. Nothing is saved until you press Save.",
    new_title_label: "Title",
    new_title_hint: "Like “Coping with stress”. The file name is made from it.",
    new_start: "Start",
    files_link: "Lesson files",
    files_lead: "Every lesson file in the lessons folder, including ones with errors.",
    files_none: "The lessons folder has no lesson files yet.",
    title: |name| format!("Editing {name}"),
    file_label: "File",
    source_label: "Lesson source",
    source_hint: "The lesson as a text file. The preview and the check update as you type.",
    read_only: "This lesson comes with handout and can't be changed here. Save a copy to your lessons folder to make it your own.",
    copy_name_label: "File name for the copy",
    copy_name_hint: "Lowercase letters (a to z), numbers and dashes, ending in .toml.",
    save: "Save",
    save_copy: "Save a copy to the folder",
    not_saved_yet: |file| {
        format!("Not saved yet. When you press Save, it is saved to the lessons folder as {file}.")
    },
    preview_heading: "Preview",
    findings_heading: "What the check finds",
    no_findings: "No problems found.",
    not_parsed: "The lesson can't be read until the errors below are fixed. The preview shows the last version that could be read.",
    longest_heading: "Longest sentences",
    line_column: |l, c| format!("Line {l}, column {c}"),
    error: "Error",
    warning: "Warning",
    note: "Note",
    grade: |g, formula| format!("Reading grade {g:.1} ({formula}). Aim for grade 8 or below."),
    no_grade: "There is no reading-grade formula for this language. Ask a native speaker to read it.",
    sentence_words: |n| format!("{n} words"),
    saving: "Saving…",
    saved: |file| format!("Saved to {file}."),
    saved_with_errors: |file, n| {
        if n == 1 {
            format!(
                "Saved to {file}. It still has 1 error: the lesson list shows the error until it is fixed."
            )
        } else {
            format!(
                "Saved to {file}. It still has {n} errors: the lesson list shows them until they are fixed."
            )
        }
    },
    no_folder: "There is no lessons folder to save in. To edit and save lessons, start the app with {command}, replacing FOLDER with the path to your lessons folder.",
    start_command: "handout serve --lessons FOLDER",
    bad_name: "That file name can't be used. Use lowercase letters (a to z), numbers and dashes, ending in .toml (like coping-skills.toml, or coping-skills.es.toml for a Spanish edition).",
    link: |name| {
        format!(
            "{name} is a link to another file. handout saves only ordinary files in the lessons folder: open the file the link points to, or save under another name."
        )
    },
    not_a_file: |name| {
        format!(
            "{name} in the lessons folder is not a lesson file (it may be a folder). Save under another name."
        )
    },
    missing: |name| format!("There is no file called {name} in the lessons folder."),
    changed_on_disk: "This file was changed on disk since you opened it (in another program or another window), so your text was not saved. Copy what you want to keep, open the file again to see its new version, and make your changes there.",
    reloaded_from_disk: "This file was changed on disk, so the page now shows its new version.",
    changed_under_you: "This file was just changed on disk (in another program or another window). Your changes are still here but can't be saved over the new version: copy what you want to keep, then open the file again.",
    removed_on_disk: "This file was removed from the lessons folder. Your text is still on this page: copy what you want to keep into a new lesson.",
    exists: |name| {
        format!(
            "There is already a file called {name} in the lessons folder. Choose another name, or open that file to edit it."
        )
    },
    too_large: |kb| {
        format!(
            "The lesson is too long to save: a lesson may be at most {kb} KB. Split it into several lessons."
        )
    },
    not_text: "This file is not UTF-8 text, so it can't be edited here. Save it as UTF-8 in another editor first.",
    write_failed: |why| {
        format!(
            "The file could not be saved: {why}. Check that the lessons folder is there and that you have permission to save there."
        )
    },
    bad_request: "The editor's request could not be read. Reload the page and try again.",
};

pub static ES: EditorWords = EditorWords {
    edit: "Editar",
    view_source: "Ver el texto",
    new_lesson: "Nueva lección",
    new_lead: "Póngale un título a la lección. Empezará con el mismo esquema que el comando handout new, con notas sobre cada parte. No se guarda nada hasta que haga clic en Guardar.",
    new_title_label: "Título",
    new_title_hint: "Por ejemplo, “Cómo manejar el estrés”. El nombre del archivo se forma a partir del título.",
    new_start: "Empezar",
    files_link: "Archivos de lecciones",
    files_lead: "Todos los archivos de la carpeta de lecciones, incluidos los que tienen errores.",
    files_none: "La carpeta de lecciones todavía no tiene archivos de lecciones.",
    title: |name| format!("Editando {name}"),
    file_label: "Archivo",
    source_label: "Texto de la lección",
    source_hint: "La lección como archivo de texto. La vista previa y la revisión se actualizan mientras escribe.",
    read_only: "Esta lección viene con handout y no se puede cambiar aquí. Guarde una copia en su carpeta de lecciones para hacerla suya.",
    copy_name_label: "Nombre del archivo de la copia",
    copy_name_hint: "Letras minúsculas sin acentos ni ñ, números y guiones, y al final .toml.",
    save: "Guardar",
    save_copy: "Guardar una copia en la carpeta",
    not_saved_yet: |file| {
        format!(
            "Todavía no se ha guardado. Cuando haga clic en Guardar, se guardará en la carpeta de lecciones como {file}."
        )
    },
    preview_heading: "Vista previa",
    findings_heading: "Resultados de la revisión",
    no_findings: "No se encontró ningún problema.",
    not_parsed: "La lección no se puede leer hasta que se corrijan los errores de abajo. La vista previa muestra la última versión que se pudo leer.",
    longest_heading: "Las oraciones más largas",
    line_column: |l, c| format!("Línea {l}, columna {c}"),
    error: "Error",
    warning: "Aviso",
    note: "Nota",
    grade: |g, formula| {
        format!("Nivel de lectura: grado {g:.1} ({formula}). Lo ideal es grado 8 o menos.")
    },
    no_grade: "No hay una fórmula de nivel de lectura para este idioma. Pida a un hablante nativo que la lea.",
    sentence_words: |n| format!("{n} palabras"),
    saving: "Guardando…",
    saved: |file| format!("Se guardó en {file}."),
    saved_with_errors: |file, n| {
        if n == 1 {
            format!(
                "Se guardó en {file}. Todavía tiene 1 error: la lista de lecciones lo muestra hasta que se corrija."
            )
        } else {
            format!(
                "Se guardó en {file}. Todavía tiene {n} errores: la lista de lecciones los muestra hasta que se corrijan."
            )
        }
    },
    no_folder: "No hay una carpeta de lecciones donde guardar. Para editar y guardar lecciones, inicie la aplicación con {command}, cambiando CARPETA por la ruta de su carpeta de lecciones.",
    start_command: "handout serve --lessons CARPETA",
    bad_name: "Ese nombre de archivo no se puede usar. Use letras minúsculas sin acentos ni ñ, números y guiones, y al final .toml (por ejemplo, manejo-del-estres.toml, o manejo-del-estres.es.toml para la versión en español).",
    link: |name| {
        format!(
            "{name} es un enlace a otro archivo. handout solo guarda archivos comunes en la carpeta de lecciones: abra el archivo al que apunta el enlace, o guarde con otro nombre."
        )
    },
    not_a_file: |name| {
        format!(
            "{name} en la carpeta de lecciones no es un archivo de lección (puede ser una carpeta). Guarde con otro nombre."
        )
    },
    missing: |name| format!("No hay ningún archivo llamado {name} en la carpeta de lecciones."),
    changed_on_disk: "Este archivo cambió en el disco desde que lo abrió (en otro programa o en otra ventana), así que su texto no se guardó. Copie lo que quiera conservar, vuelva a abrir el archivo para ver la versión nueva y haga allí sus cambios.",
    reloaded_from_disk: "Este archivo cambió en el disco, así que la página ahora muestra la versión nueva.",
    changed_under_you: "Este archivo acaba de cambiar en el disco (en otro programa o en otra ventana). Sus cambios siguen aquí, pero no se pueden guardar sobre la versión nueva: copie lo que quiera conservar y luego vuelva a abrir el archivo.",
    removed_on_disk: "Este archivo se quitó de la carpeta de lecciones. Su texto sigue en esta página: copie lo que quiera conservar en una lección nueva.",
    exists: |name| {
        format!(
            "Ya hay un archivo llamado {name} en la carpeta de lecciones. Elija otro nombre, o abra ese archivo para editarlo."
        )
    },
    too_large: |kb| {
        format!(
            "La lección es demasiado larga para guardarla: una lección puede tener como máximo {kb} KB. Divídala en varias lecciones."
        )
    },
    not_text: "Este archivo no es texto UTF-8, así que no se puede editar aquí. Primero guárdelo como UTF-8 en otro editor.",
    write_failed: |why| {
        format!(
            "No se pudo guardar el archivo: {why}. Revise que la carpeta de lecciones exista y que usted tenga permiso para guardar en ella."
        )
    },
    bad_request: "No se pudo leer lo que envió el editor. Vuelva a cargar la página e inténtelo de nuevo.",
};
