//! NUTS codes: a country prefix of two letters plus up to three level characters.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A NUTS code in canonical form (upper case, `EL30`, `DEG`, `NO`). Built only by parsing,
/// so a value of this type always has a valid shape. Whether the code is in the NUTS list
/// is a separate question ([`crate::vocab::Vocab::nuts`]): real profiles predate NUTS 2021.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NutsCode {
    bytes: [u8; 5],
    len: u8,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NutsCodeError {
    Empty,
    TooLong(usize),
    BadCountry(String),
    BadLevelChar(char),
}

impl fmt::Display for NutsCodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NutsCodeError::Empty => f.write_str("empty NUTS code"),
            NutsCodeError::TooLong(n) => {
                write!(f, "a NUTS code has 2 to 5 characters, this one has {n}")
            }
            NutsCodeError::BadCountry(c) => write!(f, "'{c}' is not a two-letter country prefix"),
            NutsCodeError::BadLevelChar(c) => write!(f, "'{c}' cannot appear in a NUTS code"),
        }
    }
}

impl std::error::Error for NutsCodeError {}

impl NutsCode {
    /// Parses a code written exactly in canonical form (upper case).
    pub fn parse(s: &str) -> Result<NutsCode, NutsCodeError> {
        let n = s.chars().count();
        if n == 0 {
            return Err(NutsCodeError::Empty);
        }
        if n > 5 {
            return Err(NutsCodeError::TooLong(n));
        }
        if n < 2 {
            return Err(NutsCodeError::BadCountry(s.to_string()));
        }
        let b = s.as_bytes();
        if !(b[0].is_ascii_uppercase() && b[1].is_ascii_uppercase()) {
            return Err(NutsCodeError::BadCountry(s.chars().take(2).collect()));
        }
        let mut bytes = [0u8; 5];
        for (i, c) in s.chars().enumerate() {
            if i >= 2 && !(c.is_ascii_uppercase() || c.is_ascii_digit()) {
                return Err(NutsCodeError::BadLevelChar(c));
            }
            bytes[i] = c as u8;
        }
        Ok(NutsCode { bytes, len: n as u8 })
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII bytes are ever stored.
        std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or("")
    }

    /// NUTS level: 0 for a country, 1–3 for regions.
    pub fn level(&self) -> u8 {
        self.len - 2
    }

    /// The country prefix (`DE` for `DEG`).
    pub fn country(&self) -> &str {
        &self.as_str()[..2]
    }

    /// Whether this region is `other` or lies inside it (its code begins with `other`'s).
    pub fn within(&self, other: &NutsCode) -> bool {
        self.as_str().starts_with(other.as_str())
    }

    /// The code one level up (`DEG` for `DEG0`), `None` for a country.
    pub fn parent(&self) -> Option<NutsCode> {
        (self.len > 2).then(|| NutsCode { bytes: self.bytes, len: self.len - 1 }).map(|mut c| {
            c.bytes[c.len as usize] = 0;
            c
        })
    }
}

impl FromStr for NutsCode {
    type Err = NutsCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        NutsCode::parse(s)
    }
}

impl fmt::Display for NutsCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for NutsCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NutsCode({})", self.as_str())
    }
}

impl Serialize for NutsCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for NutsCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        NutsCode::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for NutsCode {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "NutsCode".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[A-Z]{2}[A-Z0-9]{0,3}$",
            "description": "NUTS code: two-letter country prefix plus up to three level characters (DEG, EL30, NO)"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let c = NutsCode::parse("DEG").unwrap();
        assert_eq!((c.level(), c.country()), (1, "DE"));
        assert_eq!(NutsCode::parse("EL30").unwrap().level(), 2);
        assert_eq!(NutsCode::parse("NO").unwrap().level(), 0);
        assert_eq!(NutsCode::parse("DEG0").unwrap().parent().unwrap().as_str(), "DEG");
        assert!(NutsCode::parse("NO").unwrap().parent().is_none());
        assert_eq!(NutsCode::parse("D"), Err(NutsCodeError::BadCountry("D".into())));
        assert_eq!(NutsCode::parse("DEG001"), Err(NutsCodeError::TooLong(6)));
        assert_eq!(NutsCode::parse("Fl1C"), Err(NutsCodeError::BadCountry("Fl".into())));
        assert_eq!(NutsCode::parse("DE-1"), Err(NutsCodeError::BadLevelChar('-')));
        assert!(NutsCode::parse("ÄÖ").is_err());
    }
}
