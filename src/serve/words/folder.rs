//! What the app says as it follows the lessons folder: a lesson file a save
//! broke (its last good version still shown), one that never read, and a
//! form whose lesson's file was removed. A table of its own beside
//! [`super::Words`], which holds it.

use crate::serve::folder::FileError;

#[derive(Debug)]
pub struct FolderWords {
    /// On a lesson's card and its form, when a file of it has an error
    /// now: the file, where, the checker's words; the last good version is
    /// shown.
    pub kept: fn(&FileError) -> String,
    /// On the card of a file that has never read well.
    pub broken: fn(&FileError) -> String,
    /// On a form whose lesson's file was removed from the folder.
    pub removed: &'static str,
}

/// `file has an error at line 12, column 3: message`, in English.
fn en_error(e: &FileError) -> String {
    match e.at {
        Some((line, column)) => format!(
            "{} has an error at line {line}, column {column}: {}",
            e.file, e.message
        ),
        None => format!("{} has an error: {}", e.file, e.message),
    }
}

fn es_error(e: &FileError) -> String {
    match e.at {
        Some((line, column)) => format!(
            "{} tiene un error en la línea {line}, columna {column}: {}",
            e.file, e.message
        ),
        None => format!("{} tiene un error: {}", e.file, e.message),
    }
}

pub static EN: FolderWords = FolderWords {
    kept: |e| format!("{}. The last version that worked is shown.", en_error(e)),
    broken: |e| format!("{}. The lesson appears here once it is fixed.", en_error(e)),
    removed: "This lesson's file was taken out of the lessons folder, so it can't be printed now. What you typed is still here: choose another lesson under All lessons.",
};

pub static ES: FolderWords = FolderWords {
    kept: |e| {
        format!(
            "{}. Se muestra la última versión que funcionaba.",
            es_error(e)
        )
    },
    broken: |e| {
        format!(
            "{}. La lección aparecerá aquí cuando se corrija.",
            es_error(e)
        )
    },
    removed: "El archivo de esta lección se quitó de la carpeta de lecciones, así que ahora no se puede imprimir. Lo que escribió sigue aquí: elija otra lección en Todas las lecciones.",
};
