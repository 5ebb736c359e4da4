//! Everything the screens show, in one place: the participant's views and
//! what they send back (`participant`), the profile as those screens see it
//! (`screens`), and the facilitator's views of an audit (`facilitator`).
//! Views read the profile and the analysis; nothing below them reads views.

pub mod facilitator;
mod participant;
mod screens;

pub use participant::*;
pub use screens::SyncActivity;
