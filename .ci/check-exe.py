#!/usr/bin/python3
"""Checks a Windows release executable with pefile (read independently of the code that
wrote its resources): PE32+ for x86-64, GUI subsystem, an icon group, the application
manifest, and a VERSIONINFO whose numbers and product version match the release.

usage: check-exe.py FILE VERSION WINDOWS_VERSION    e.g. trailbook.exe v1.2.3-4-gabc 1.2.3.4
"""
import sys

import pefile

path, version, winver = sys.argv[1:4]
pe = pefile.PE(path)
problems = []


def need(cond, msg):
    if not cond:
        problems.append(msg)


need(pe.FILE_HEADER.Machine == pefile.MACHINE_TYPE["IMAGE_FILE_MACHINE_AMD64"], "machine is not x86-64")
need(pe.OPTIONAL_HEADER.Magic == pefile.OPTIONAL_HEADER_MAGIC_PE_PLUS, "not PE32+")
need(pe.OPTIONAL_HEADER.Subsystem == pefile.SUBSYSTEM_TYPE["IMAGE_SUBSYSTEM_WINDOWS_GUI"], "subsystem is not GUI")

resources = {}
root = pe.DIRECTORY_ENTRY_RESOURCE.entries if hasattr(pe, "DIRECTORY_ENTRY_RESOURCE") else []
for entry in root:
    data = []
    for res in entry.directory.entries:
        for lang in res.directory.entries:
            d = lang.data.struct
            data.append(pe.get_data(d.OffsetToData, d.Size))
    resources[entry.id] = data
need(resources, "no resources")

icons = resources.get(pefile.RESOURCE_TYPE["RT_ICON"], [])
groups = resources.get(pefile.RESOURCE_TYPE["RT_GROUP_ICON"], [])
need(groups and icons, "no icon")
if groups:
    # GRPICONDIR: reserved, type (1 = icon), count
    count = int.from_bytes(groups[0][4:6], "little")
    need(count == len(icons) and count > 0, "icon group lists %d images, %d stored" % (count, len(icons)))

manifests = resources.get(pefile.RESOURCE_TYPE["RT_MANIFEST"], [])
need(len(manifests) == 1, "no application manifest")
if manifests:
    m = manifests[0].decode("utf-8", "replace")
    for want in ('name="com.wails.Trailbook"', "Microsoft.Windows.Common-Controls", "permonitorv2"):
        need(want in m, "manifest lacks %s" % want)

strings = {}
fixed = None
for fi in getattr(pe, "FileInfo", []):
    for block in fi:
        for table in getattr(block, "StringTable", []):
            strings.update({k.decode(): v.decode() for k, v in table.entries.items()})
if hasattr(pe, "VS_FIXEDFILEINFO"):
    f = pe.VS_FIXEDFILEINFO[0]
    fixed = "%d.%d.%d.%d" % (f.FileVersionMS >> 16, f.FileVersionMS & 0xFFFF, f.FileVersionLS >> 16, f.FileVersionLS & 0xFFFF)
need(fixed == winver, "fixed file version %s, want %s" % (fixed, winver))
need(strings.get("ProductVersion") == version, "ProductVersion %r, want %r" % (strings.get("ProductVersion"), version))
need(strings.get("FileVersion") == winver, "FileVersion %r, want %r" % (strings.get("FileVersion"), winver))
need(strings.get("ProductName") == "Trailbook", "ProductName %r" % strings.get("ProductName"))

if problems:
    for p in problems:
        print("check-exe: %s: %s" % (path, p), file=sys.stderr)
    sys.exit(1)
print("check-exe: %s: PE32+ x86-64 GUI, %d icon images, manifest, version %s (%s)" % (path, len(icons), version, fixed))
