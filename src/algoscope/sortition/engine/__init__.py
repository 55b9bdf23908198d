"""The selection engine: pure Python with numpy and HiGHS, no Django.

``csvinput`` reads a pool and its quotas, ``selection.select`` computes a LEXIMIN, MAXIMIN or LEGACY
selection, ``lottery`` rounds a distribution to a uniform lottery over ``m`` panels and draws one from a seed.
"""
