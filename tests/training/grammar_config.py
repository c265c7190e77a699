"""A grammar home (:class:`homeslm.grammar.homes.Home`) as the config the runtime's lexicon and resolver read, so that
the grammar's labels can be checked through them."""

from __future__ import annotations

from homeslm.config.model import Config, Device, Floor
from homeslm.grammar.homes import Home


def config_of(home: Home) -> Config:
    return Config(site="t", area=home.context_area, floors=tuple(Floor(f, tuple(a)) for f, a in home.floors.items()),
                  areas=tuple(home.areas), devices=tuple(Device(d.name, d.type, "zigbee2mqtt", area=d.area,
                                                                aliases=tuple(d.aliases), device_class=d.device_class)
                                                         for d in home.devices))
