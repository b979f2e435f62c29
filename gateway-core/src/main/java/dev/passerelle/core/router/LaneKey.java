package dev.passerelle.core.router;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.store.LinkId;

/** The unit of ordering: one bridged conversation towards one target room. */
record LaneKey(LinkId link, Address target) {
}
