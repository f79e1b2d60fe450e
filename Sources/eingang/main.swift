import EInvoiceCLI

await Eingang.runAsMain()
