//! What crosses between the store and either database: arguments in, cells out. One set of
//! types for both backends, so that every query is written once.

use crate::StoreError;

/// An argument of a statement.
#[derive(Clone, Copy, Debug)]
pub enum Value<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(s: &'a str) -> Self {
        Value::Text(s)
    }
}
impl<'a> From<&'a String> for Value<'a> {
    fn from(s: &'a String) -> Self {
        Value::Text(s)
    }
}
impl<'a> From<&'a [u8]> for Value<'a> {
    fn from(b: &'a [u8]) -> Self {
        Value::Blob(b)
    }
}
impl<'a> From<&'a Vec<u8>> for Value<'a> {
    fn from(b: &'a Vec<u8>) -> Self {
        Value::Blob(b)
    }
}
impl From<i64> for Value<'_> {
    fn from(x: i64) -> Self {
        Value::Int(x)
    }
}
impl From<u32> for Value<'_> {
    fn from(x: u32) -> Self {
        Value::Int(x.into())
    }
}
impl From<i32> for Value<'_> {
    fn from(x: i32) -> Self {
        Value::Int(x.into())
    }
}
impl From<u8> for Value<'_> {
    fn from(x: u8) -> Self {
        Value::Int(x.into())
    }
}
impl From<bool> for Value<'_> {
    fn from(x: bool) -> Self {
        Value::Int(x.into())
    }
}
impl From<f64> for Value<'_> {
    fn from(x: f64) -> Self {
        Value::Real(x)
    }
}
impl<'a, T: Into<Value<'a>>> From<Option<T>> for Value<'a> {
    fn from(x: Option<T>) -> Self {
        x.map_or(Value::Null, Into::into)
    }
}
impl<'a, T: Copy + Into<Value<'a>>> From<&T> for Value<'a> {
    fn from(x: &T) -> Self {
        (*x).into()
    }
}

/// A statement's arguments: `args![code, number]`.
#[macro_export]
macro_rules! args {
    ($($x:expr),* $(,)?) => { &[$($crate::db::Value::from($x)),*][..] };
}

/// A value read from a row, whichever database it came from (a boolean reads as 0 or 1).
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl<'a> From<&'a Cell> for Value<'a> {
    fn from(c: &'a Cell) -> Self {
        match c {
            Cell::Null => Value::Null,
            Cell::Int(x) => Value::Int(*x),
            Cell::Real(x) => Value::Real(*x),
            Cell::Text(s) => Value::Text(s),
            Cell::Blob(b) => Value::Blob(b),
        }
    }
}

/// An argument owned, to cross to another thread (PostgreSQL's connection).
impl From<&Value<'_>> for Cell {
    fn from(v: &Value<'_>) -> Self {
        match *v {
            Value::Null => Cell::Null,
            Value::Int(x) => Cell::Int(x),
            Value::Real(x) => Cell::Real(x),
            Value::Text(s) => Cell::Text(s.to_string()),
            Value::Blob(b) => Cell::Blob(b.to_vec()),
        }
    }
}

/// One row of a result.
#[derive(Debug)]
pub struct Row(pub(crate) Vec<Cell>);

impl Row {
    /// Column `i` as `T`; a cell of another type is an error naming the column.
    pub fn get<T: FromCell>(&self, i: usize) -> Result<T, StoreError> {
        let cell = self.0.get(i).unwrap_or(&Cell::Null);
        T::from_cell(cell)
            .ok_or_else(|| StoreError::Database(format!("column {i} holds {cell:?}, not the type asked for")))
    }

    /// Column `i` taken out as a string (no copy).
    pub fn take_text(&mut self, i: usize) -> Result<String, StoreError> {
        match self.0.get_mut(i).map(|c| std::mem::replace(c, Cell::Null)) {
            Some(Cell::Text(s)) => Ok(s),
            other => Err(StoreError::Database(format!("column {i} holds {other:?}, not text"))),
        }
    }
}

/// Types a cell reads as.
pub trait FromCell: Sized {
    fn from_cell(c: &Cell) -> Option<Self>;
}

impl FromCell for i64 {
    fn from_cell(c: &Cell) -> Option<Self> {
        match c {
            Cell::Int(x) => Some(*x),
            _ => None,
        }
    }
}
impl FromCell for u32 {
    fn from_cell(c: &Cell) -> Option<Self> {
        i64::from_cell(c).and_then(|x| u32::try_from(x).ok())
    }
}
impl FromCell for i32 {
    fn from_cell(c: &Cell) -> Option<Self> {
        i64::from_cell(c).and_then(|x| i32::try_from(x).ok())
    }
}
impl FromCell for u8 {
    fn from_cell(c: &Cell) -> Option<Self> {
        i64::from_cell(c).and_then(|x| u8::try_from(x).ok())
    }
}
impl FromCell for bool {
    fn from_cell(c: &Cell) -> Option<Self> {
        i64::from_cell(c).map(|x| x != 0)
    }
}
impl FromCell for f64 {
    fn from_cell(c: &Cell) -> Option<Self> {
        match c {
            Cell::Real(x) => Some(*x),
            Cell::Int(x) => Some(*x as f64),
            _ => None,
        }
    }
}
impl FromCell for String {
    fn from_cell(c: &Cell) -> Option<Self> {
        match c {
            Cell::Text(s) => Some(s.clone()),
            _ => None,
        }
    }
}
impl FromCell for Vec<u8> {
    fn from_cell(c: &Cell) -> Option<Self> {
        match c {
            Cell::Blob(b) => Some(b.clone()),
            _ => None,
        }
    }
}
impl<T: FromCell> FromCell for Option<T> {
    fn from_cell(c: &Cell) -> Option<Self> {
        match c {
            Cell::Null => Some(None),
            c => T::from_cell(c).map(Some),
        }
    }
}
