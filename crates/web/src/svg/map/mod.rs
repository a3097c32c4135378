//! The map of Europe: a server-rendered SVG choropleth (EPSG:3035) of the profiled regions,
//! coloured by one attribute, over a neutral base of every NUTS 2 region.
//!
//! [`shapes`] holds the installed shapes and the visible box, [`classes`] what a region's
//! colour says (the attributes and the legend's classes), [`draw`] the drawing.

pub mod classes;
pub mod draw;
pub mod shapes;

pub use classes::{Attribute, Class};
pub use draw::{render, Mapped, Rendered};
pub use shapes::{locator, Shapes, ViewBox};
