"""The rule pack of a fictional county, 山西省示例市演示县 (Demo County, Example City, Shanxi), as a plug-in for
compliance. The plug-in itself is :mod:`compliance_pack_demo_county.plugin`."""

__version__ = "0.1.0"
