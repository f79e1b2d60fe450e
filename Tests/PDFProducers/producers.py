"""Hybrid invoices written by other producers' PDF writers, read back by eingang.

Our own tests make their PDFs with our own writer (EInvoiceTestPDF). Suppliers' PDFs come from other writers, each
with its habits: object and cross-reference streams, linearization, incremental updates, hex-encoded streams,
bytes around the file. This test embeds invoice XMLs with the writers at hand (the factur-x library over pypdf,
pikepdf over qpdf, pypdf, the qpdf and mutool command lines, Ghostscript's pdfwrite) and checks for every PDF:

- `eingang extract` writes exactly the embedded XML;
- `eingang validate --format json` gives the PDF the verdict of the bare XML (decision, scenario, the failed rule
  ids), names the embedded file and reports the profile of the XML;
- the relationship and XMP warnings are those the PDF deserves (Data → a warning; no XMP → a warning).

Usage: producers.py EINGANG WORKDIR
"""

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import facturx
import pikepdf
import pypdf
from reportlab.pdfgen import canvas

REPO = Path(__file__).resolve().parents[2]
EINGANG = Path(sys.argv[1]).resolve()
WORK = Path(sys.argv[2]).resolve()
CORPUS = Path(REPO.parent / "shared" / "corpus")

XRECHNUNG_ID = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
SOURCES = {
    # Our valid XRechnung CII sample, the one with a wrong total, and an XRechnung CII invoice of the corpus; the
    # EN 16931 profile (plain EN 16931 scenario) is the valid sample with the guideline id of EN 16931 (written
    # to WORK by main).
    "xrechnung-sample": REPO / "Samples" / "cii-invoice-valid.xml",
    "wrong-total": REPO / "Samples" / "cii-invoice-wrong-total.xml",
    "xrechnung-corpus": CORPUS / "xrechnung-testsuite" / "business-cases" / "standard" / "01.01a-INVOICE_uncefact.xml",
    "en16931": WORK / "en16931.xml",
}


def page_pdf(pages=3):
    """A plain PDF of a few pages of text: the picture the XML is embedded into."""
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer)
    for page in range(pages):
        drawing.drawString(72, 760, f"Rechnung, Seite {page + 1}")
        for line in range(40):
            drawing.drawString(72, 730 - line * 15, f"Position {line + 1}  Artikel {page * 40 + line}  12,50 EUR")
        drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def with_facturx(base, xml, relationship):
    return facturx.generate_from_binary(
        base, xml, flavor="factur-x", level="autodetect", check_xsd=False, afrelationship=relationship
    )


def with_pikepdf(base, xml, name="factur-x.xml", **save):
    pdf = pikepdf.open(io.BytesIO(base))
    spec = pikepdf.AttachedFileSpec(
        pdf, xml, mime_type="text/xml", filename=name, relationship=pikepdf.Name("/Alternative")
    )
    pdf.attachments[name] = spec
    pdf.Root.AF = pikepdf.Array([spec.obj])
    output = io.BytesIO()
    pdf.save(output, **save)
    return output.getvalue()


def with_pypdf_update(base, xml):
    writer = pypdf.PdfWriter(io.BytesIO(base), incremental=True)
    writer.add_attachment("factur-x.xml", xml)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def info_update(pdf):
    """An incremental update that changes only the document information, as a signing tool might append."""
    writer = pypdf.PdfWriter(io.BytesIO(pdf), incremental=True)
    writer.add_metadata({"/Subject": "Rechnung, geprüft"})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def run(*command):
    subprocess.run(command, check=True, capture_output=True)


def make(directory):
    """Writes the PDFs; returns {pdf name: (source key, embedded name, expected warnings substrings)}."""
    base = page_pdf()
    page = directory.parent / "page.pdf"
    page.write_bytes(base)
    made = {}

    def put(name, data, source, embedded="factur-x.xml", warnings=()):
        (directory / name).write_bytes(data)
        made[name] = (source, embedded, warnings)

    for key, path in SOURCES.items():
        xml = path.read_bytes()
        # The factur-x library declares EN 16931 in the XMP metadata for an XRechnung XML too: a warning.
        declared = () if key == "en16931" else ("declares the profile EN 16931, but the invoice XML is XRECHNUNG",)
        alternative = with_facturx(base, xml, "alternative")
        put(f"{key}-facturx.pdf", alternative, key, warnings=declared)
        data = with_facturx(base, xml, "data")
        put(f"{key}-facturx-data.pdf", data, key, warnings=declared + ("relationship Data",))
        put(f"{key}-facturx-info-update.pdf", info_update(alternative), key, warnings=declared)
        put(f"{key}-prefixed.pdf", b"X-Gateway: scanned\r\n\r\n" + alternative, key, warnings=declared)
        trailing = alternative + b"\r\n\x00\x00-- appended by a mail gateway --\r\n"
        put(f"{key}-trailing.pdf", trailing, key, warnings=declared)
        no_xmp = ("no XMP metadata",)
        put(f"{key}-pikepdf.pdf", with_pikepdf(base, xml), key, warnings=no_xmp)
        streams = pikepdf.ObjectStreamMode.generate
        put(f"{key}-pikepdf-objstm.pdf", with_pikepdf(base, xml, object_stream_mode=streams), key, warnings=no_xmp)
        put(f"{key}-pikepdf-linearized.pdf", with_pikepdf(base, xml, linearize=True), key, warnings=no_xmp)
        put(
            f"{key}-pikepdf-zugferd.pdf",
            with_pikepdf(base, xml, name="zugferd-invoice.xml"),
            key,
            embedded="zugferd-invoice.xml",
            warnings=no_xmp,
        )
        not_associated = ("not among the document's associated files", "no /AFRelationship", "no MIME type")
        put(f"{key}-pypdf-update.pdf", with_pypdf_update(base, xml), key, warnings=not_associated + no_xmp)
        source = directory / f"{key}-facturx.pdf"
        for tag, arguments in {
            "qpdf-objstm": ["--object-streams=generate"],
            "qpdf-linearized": ["--linearize"],
            "qpdf-qdf": ["--qdf"],
            "qpdf-uncompressed": ["--stream-data=uncompress"],
        }.items():
            run("qpdf", *arguments, str(source), str(directory / f"{key}-{tag}.pdf"))
            made[f"{key}-{tag}.pdf"] = (key, "factur-x.xml", declared)
        for tag, arguments in {
            "mutool-garbage": ["-gggg"],
            "mutool-hex": ["-a"],
            "mutool-hex-compressed": ["-a", "-z"],
            "mutool-linearized": ["-l"],
            "mutool-decompressed": ["-d"],
        }.items():
            run("mutool", "clean", *arguments, str(source), str(directory / f"{key}-{tag}.pdf"))
            made[f"{key}-{tag}.pdf"] = (key, "factur-x.xml", declared)
        marks = WORK / f"{key}-embed.ps"
        marks.write_text(
            "[ /_objdef {inv} /type /stream /OBJ pdfmark\n"
            f"[ {{inv}} ({path}) (r) file /PUT pdfmark\n"
            "[ {inv} << /Type /EmbeddedFile /Subtype (text/xml) cvn >> /PUT pdfmark\n"
            "[ /_objdef {fs} /type /dict /OBJ pdfmark\n"
            "[ {fs} << /Type /Filespec /F (factur-x.xml) /UF (factur-x.xml) /AFRelationship /Alternative"
            " /EF << /F {inv} /UF {inv} >> >> /PUT pdfmark\n"
            "[ {Catalog} << /AF [ {fs} ] >> /PUT pdfmark\n"
            "[ /Name (factur-x.xml) /FS {fs} /EMBED pdfmark\n"
        )
        gs_pdf = directory / f"{key}-ghostscript.pdf"
        run(
            "gs", "-q", "-dNOPAUSE", "-dBATCH", "-dNOSAFER", "-sDEVICE=pdfwrite", f"-sOutputFile={gs_pdf}",
            str(page),
            str(marks),
        )
        made[gs_pdf.name] = (key, "factur-x.xml", ("declares no Factur-X profile",))
    return made


def validate(paths):
    result = subprocess.run(
        [str(EINGANG), "validate", "--format", "json", *map(str, paths)], capture_output=True, text=True
    )
    if result.returncode not in (0, 1):
        raise SystemExit(f"eingang validate failed ({result.returncode}): {result.stderr}")
    reports = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return {Path(report["file"]).name: report for report in reports}


def main():
    for tool in ("qpdf", "mutool", "gs"):
        if not shutil.which(tool):
            raise SystemExit(f"producers: {tool} is missing: apt-get install qpdf mupdf-tools ghostscript")
    if WORK.exists():
        shutil.rmtree(WORK)
    pdfs = WORK / "pdfs"
    pdfs.mkdir(parents=True)
    sample = SOURCES["xrechnung-sample"].read_text(encoding="utf-8")
    if XRECHNUNG_ID not in sample:
        raise SystemExit("producers: the XRechnung sample has another guideline id")
    SOURCES["en16931"].write_text(sample.replace(XRECHNUNG_ID, "urn:cen.eu:en16931:2017"), encoding="utf-8")
    made = make(pdfs)
    bare = validate(SOURCES.values())
    reports = validate(sorted(pdfs / name for name in made))
    failures = []
    for name, (key, embedded, expected_warnings) in sorted(made.items()):
        xml = SOURCES[key].read_bytes()
        extracted = WORK / "extracted.xml"
        status = subprocess.run([str(EINGANG), "extract", "-o", str(extracted), str(pdfs / name)], capture_output=True)
        problems = []
        if status.returncode != 0:
            problems.append(f"extract exit {status.returncode}: {status.stderr.decode()[-300:]}")
        elif extracted.read_bytes() != xml:
            problems.append("extract wrote other bytes than the embedded XML")
        report = reports.get(name)
        reference = bare[SOURCES[key].name]
        if report is None:
            problems.append("no report from validate")
        else:
            for field in ("decision", "scenario", "xsd_valid"):
                if report.get(field) != reference.get(field):
                    problems.append(f"{field}: {report.get(field)!r}, the XML alone: {reference.get(field)!r}")
            ids = sorted(finding["id"] for finding in report["failed"])
            if ids != sorted(finding["id"] for finding in reference["failed"]):
                problems.append(f"failed rules differ: {ids}")
            if report.get("embedded_file") != embedded:
                problems.append(f"embedded_file {report.get('embedded_file')!r}, expected {embedded!r}")
            expected_profile = "EN 16931" if key == "en16931" else "XRECHNUNG"
            if report.get("profile") != expected_profile:
                problems.append(f"profile {report.get('profile')!r}, expected {expected_profile!r}")
            warnings = report.get("warnings") or []
            for expected in expected_warnings:
                if not any(expected in warning for warning in warnings):
                    problems.append(f"no warning about {expected!r}: {warnings}")
            unexpected = [w for w in warnings if not any(expected in w for expected in expected_warnings)]
            if unexpected:
                problems.append(f"unexpected warnings: {unexpected}")
        verdict = report["decision"] if report else "-"
        print(f"{'ok  ' if not problems else 'FAIL'} {name:45} {verdict:7} {embedded}")
        for problem in problems:
            print(f"       {problem}")
        if problems:
            failures.append(name)
    print(f"producers: {len(made) - len(failures)} of {len(made)} PDFs read as their XML")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
