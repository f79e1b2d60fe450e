import EInvoiceCLI

await Eingang.main()
