//! Configuration of each pallet in the runtime, one file per area.

mod consensus;
mod documents;
mod governance;
mod key_ring;
mod messages;
mod micropay;
mod monetary;
mod owner_trust;
mod system;

pub use consensus::*;
pub use governance::*;
pub use monetary::*;
pub use system::*;
