// A table, one entry per difference (the house format breaks each over several lines), hence its length.

/// Every field in which the UBL and the CII file of one XRechnung test suite case really differ, with the
/// evidence. `CrossSyntaxTests` fails on any difference not listed here and on any entry that no longer occurs.
///
/// Representation is normalised before comparing, never content: CII dates in format 102, UBL's `#CODE#` note
/// prefix (BT-21), CII's UNTDID 2475 codes for BT-8, surrounding whitespace (see `docs/booking-entry.md`). A number
/// written differently in the two files (`30` and `30.00000000000`) is listed, since values stay as written.
let crossSyntaxDifferences: [KnownDifference] = [
    .init(
        "01.01_comprehensive_test",
        "buyer.name",
        ubl: "[Buyer trading name]",
        cii: "[Buyer name]",
        "UBL swaps the names: cbc:RegistrationName (BT-44) holds [Buyer trading name], cac:PartyName/cbc:Name (BT-45) [Buyer name]"
    ),
    .init(
        "01.01_comprehensive_test",
        "buyer.trading_name",
        ubl: "[Buyer name]",
        cii: "[Buyer trading name]",
        "UBL swaps the names: cbc:RegistrationName (BT-44) holds [Buyer trading name], cac:PartyName/cbc:Name (BT-45) [Buyer name]"
    ),
    .init(
        "01.01_comprehensive_test",
        "lines[0].price.discount",
        ubl: "10",
        cii: "10.000000000000000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.01_comprehensive_test",
        "lines[0].price.gross_price",
        ubl: "168.125",
        cii: "168.1250000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.01_comprehensive_test",
        "lines[0].price.net_price",
        ubl: "158.125",
        cii: "158.1250000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.01_comprehensive_test",
        "lines[0].quantity.value",
        ubl: "30",
        cii: "30.00000000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.01_comprehensive_test",
        "lines[1].price.base_quantity.unit_code",
        ubl: "XPP",
        cii: nil,
        "UBL line 2 has cac:Price/cbc:BaseQuantity (BT-149/150); CII line 2 has no ram:BasisQuantity"
    ),
    .init(
        "01.01_comprehensive_test",
        "lines[1].price.base_quantity.value",
        ubl: "1",
        cii: nil,
        "UBL line 2 has cac:Price/cbc:BaseQuantity (BT-149/150); CII line 2 has no ram:BasisQuantity"
    ),
    .init(
        "01.01_comprehensive_test",
        "payee.legal_registration_identifier.id",
        ubl: nil,
        cii: "90000000-03083-72",
        "CII has ram:PayeeTradeParty/ram:SpecifiedLegalOrganization/ram:ID (BT-61); UBL cac:PayeeParty has no cac:PartyLegalEntity"
    ),
    .init(
        "01.01_comprehensive_test",
        "payee.legal_registration_identifier.scheme",
        ubl: nil,
        cii: "0204",
        "CII has ram:PayeeTradeParty/ram:SpecifiedLegalOrganization/ram:ID (BT-61); UBL cac:PayeeParty has no cac:PartyLegalEntity"
    ),
    .init(
        "01.01_comprehensive_test",
        "preceding_invoices[1].issue_date",
        ubl: "2018-03-05",
        cii: nil,
        "UBL has two cac:BillingReference (BG-3); CII one ram:InvoiceReferencedDocument"
    ),
    .init(
        "01.01_comprehensive_test",
        "preceding_invoices[1].number",
        ubl: "PIR0987654321",
        cii: nil,
        "UBL has two cac:BillingReference (BG-3); CII one ram:InvoiceReferencedDocument"
    ),
    .init(
        "01.01_comprehensive_test",
        "seller.identifiers[0].id",
        ubl: "987654321",
        cii: "9876543217894897438",
        "CII has two ram:ID without scheme before ram:GlobalID 0088 (BT-29); UBL only the 0088 cac:PartyIdentification"
    ),
    .init(
        "01.01_comprehensive_test",
        "seller.identifiers[0].scheme",
        ubl: "0088",
        cii: nil,
        "CII has two ram:ID without scheme before ram:GlobalID 0088 (BT-29); UBL only the 0088 cac:PartyIdentification"
    ),
    .init(
        "01.01_comprehensive_test",
        "seller.identifiers[1].id",
        ubl: nil,
        cii: "748387437438",
        "CII has two ram:ID without scheme before ram:GlobalID 0088 (BT-29); UBL only the 0088 cac:PartyIdentification"
    ),
    .init(
        "01.01_comprehensive_test",
        "seller.identifiers[2].id",
        ubl: nil,
        cii: "987654321",
        "CII has two ram:ID without scheme before ram:GlobalID 0088 (BT-29); UBL only the 0088 cac:PartyIdentification"
    ),
    .init(
        "01.01_comprehensive_test",
        "seller.identifiers[2].scheme",
        ubl: nil,
        cii: "0088",
        "CII has two ram:ID without scheme before ram:GlobalID 0088 (BT-29); UBL only the 0088 cac:PartyIdentification"
    ),
    .init(
        "01.01_comprehensive_test",
        "totals.rounding_amount",
        ubl: nil,
        cii: "0",
        "CII has ram:RoundingAmount 0 (BT-114); UBL has no cbc:PayableRoundingAmount"
    ),
    .init(
        "01.02_comprehensive_test",
        "buyer.name",
        ubl: "[Buyer trading name]",
        cii: "[Buyer name]",
        "UBL swaps the names: cbc:RegistrationName (BT-44) holds [Buyer trading name], cac:PartyName/cbc:Name (BT-45) [Buyer name]"
    ),
    .init(
        "01.02_comprehensive_test",
        "buyer.trading_name",
        ubl: "[Buyer name]",
        cii: "[Buyer trading name]",
        "UBL swaps the names: cbc:RegistrationName (BT-44) holds [Buyer trading name], cac:PartyName/cbc:Name (BT-45) [Buyer name]"
    ),
    .init(
        "01.02_comprehensive_test",
        "lines[0].price.discount",
        ubl: "10",
        cii: "10.000000000000000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.02_comprehensive_test",
        "lines[0].price.gross_price",
        ubl: "168.125",
        cii: "168.1250000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.02_comprehensive_test",
        "lines[0].price.net_price",
        ubl: "158.125",
        cii: "158.1250000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.02_comprehensive_test",
        "lines[0].quantity.value",
        ubl: "30",
        cii: "30.00000000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.02_comprehensive_test",
        "lines[1].price.base_quantity.unit_code",
        ubl: "XPP",
        cii: nil,
        "UBL line 2 has cac:Price/cbc:BaseQuantity (BT-149/150); CII line 2 has no ram:BasisQuantity"
    ),
    .init(
        "01.02_comprehensive_test",
        "lines[1].price.base_quantity.value",
        ubl: "1",
        cii: nil,
        "UBL line 2 has cac:Price/cbc:BaseQuantity (BT-149/150); CII line 2 has no ram:BasisQuantity"
    ),
    .init(
        "01.02_comprehensive_test",
        "payee.legal_registration_identifier.id",
        ubl: nil,
        cii: "90000000-03083-72",
        "CII has ram:PayeeTradeParty/ram:SpecifiedLegalOrganization/ram:ID (BT-61); UBL cac:PayeeParty has no cac:PartyLegalEntity"
    ),
    .init(
        "01.02_comprehensive_test",
        "payee.legal_registration_identifier.scheme",
        ubl: nil,
        cii: "0204",
        "CII has ram:PayeeTradeParty/ram:SpecifiedLegalOrganization/ram:ID (BT-61); UBL cac:PayeeParty has no cac:PartyLegalEntity"
    ),
    .init(
        "01.02_comprehensive_test",
        "totals.rounding_amount",
        ubl: nil,
        cii: "0",
        "CII has ram:RoundingAmount 0 (BT-114); UBL has no cbc:PayableRoundingAmount"
    ),
    .init(
        "01.02a-INVOICE",
        "purchase_order_reference",
        ubl: "Dummywert",
        cii: nil,
        "UBL needs cac:OrderReference/cbc:ID to carry cbc:SalesOrderID (BT-14) and fills it with a placeholder; CII has no ram:BuyerOrderReferencedDocument (BT-13)"
    ),
    .init(
        "01.03_comprehensive_test",
        "buyer.name",
        ubl: "[Buyer trading name]",
        cii: "[Buyer name]",
        "UBL swaps the names: cbc:RegistrationName (BT-44) holds [Buyer trading name], cac:PartyName/cbc:Name (BT-45) [Buyer name]"
    ),
    .init(
        "01.03_comprehensive_test",
        "buyer.trading_name",
        ubl: "[Buyer name]",
        cii: "[Buyer trading name]",
        "UBL swaps the names: cbc:RegistrationName (BT-44) holds [Buyer trading name], cac:PartyName/cbc:Name (BT-45) [Buyer name]"
    ),
    .init(
        "01.03_comprehensive_test",
        "lines[0].price.discount",
        ubl: "10",
        cii: "10.000000000000000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.03_comprehensive_test",
        "lines[0].price.gross_price",
        ubl: "168.125",
        cii: "168.1250000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.03_comprehensive_test",
        "lines[0].price.net_price",
        ubl: "158.125",
        cii: "158.1250000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.03_comprehensive_test",
        "lines[0].quantity.value",
        ubl: "30",
        cii: "30.00000000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.03_comprehensive_test",
        "lines[1].price.base_quantity.unit_code",
        ubl: "XPP",
        cii: nil,
        "UBL line 2 has cac:Price/cbc:BaseQuantity (BT-149/150); CII line 2 has no ram:BasisQuantity"
    ),
    .init(
        "01.03_comprehensive_test",
        "lines[1].price.base_quantity.value",
        ubl: "1",
        cii: nil,
        "UBL line 2 has cac:Price/cbc:BaseQuantity (BT-149/150); CII line 2 has no ram:BasisQuantity"
    ),
    .init(
        "01.03_comprehensive_test",
        "payee.legal_registration_identifier.id",
        ubl: nil,
        cii: "90000000-03083-72",
        "CII has ram:PayeeTradeParty/ram:SpecifiedLegalOrganization/ram:ID (BT-61); UBL cac:PayeeParty has no cac:PartyLegalEntity"
    ),
    .init(
        "01.03_comprehensive_test",
        "payee.legal_registration_identifier.scheme",
        ubl: nil,
        cii: "0204",
        "CII has ram:PayeeTradeParty/ram:SpecifiedLegalOrganization/ram:ID (BT-61); UBL cac:PayeeParty has no cac:PartyLegalEntity"
    ),
    .init(
        "01.03_comprehensive_test",
        "seller.contact.name",
        ubl: "Tim Tester",
        cii: "Testorganisation",
        "CII has ram:DepartmentName Testorganisation and no ram:PersonName (BT-41); UBL cac:Contact/cbc:Name Tim Tester"
    ),
    .init(
        "01.03_comprehensive_test",
        "totals.rounding_amount",
        ubl: nil,
        cii: "0",
        "CII has ram:RoundingAmount 0 (BT-114); UBL has no cbc:PayableRoundingAmount"
    ),
    .init(
        "01.04_comprehensive_test",
        "buyer.name",
        ubl: "[Buyer trading name]",
        cii: "[Buyer name]",
        "UBL swaps the names: cbc:RegistrationName (BT-44) holds [Buyer trading name], cac:PartyName/cbc:Name (BT-45) [Buyer name]"
    ),
    .init(
        "01.04_comprehensive_test",
        "buyer.trading_name",
        ubl: "[Buyer name]",
        cii: "[Buyer trading name]",
        "UBL swaps the names: cbc:RegistrationName (BT-44) holds [Buyer trading name], cac:PartyName/cbc:Name (BT-45) [Buyer name]"
    ),
    .init(
        "01.04_comprehensive_test",
        "lines[0].price.discount",
        ubl: "10.00",
        cii: "10.000000000000000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.04_comprehensive_test",
        "lines[0].price.gross_price",
        ubl: "168.125",
        cii: "168.1250000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.04_comprehensive_test",
        "lines[0].price.net_price",
        ubl: "158.125",
        cii: "158.1250000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.04_comprehensive_test",
        "lines[0].quantity.value",
        ubl: "30",
        cii: "30.00000000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.04_comprehensive_test",
        "lines[1].price.base_quantity.unit_code",
        ubl: "XPP",
        cii: nil,
        "UBL line 2 has cac:Price/cbc:BaseQuantity (BT-149/150); CII line 2 has no ram:BasisQuantity"
    ),
    .init(
        "01.04_comprehensive_test",
        "lines[1].price.base_quantity.value",
        ubl: "1",
        cii: nil,
        "UBL line 2 has cac:Price/cbc:BaseQuantity (BT-149/150); CII line 2 has no ram:BasisQuantity"
    ),
    .init(
        "01.04_comprehensive_test",
        "payee.legal_registration_identifier.id",
        ubl: nil,
        cii: "90000000-03083-72",
        "CII has ram:PayeeTradeParty/ram:SpecifiedLegalOrganization/ram:ID (BT-61); UBL cac:PayeeParty has no cac:PartyLegalEntity"
    ),
    .init(
        "01.04_comprehensive_test",
        "payee.legal_registration_identifier.scheme",
        ubl: nil,
        cii: "0204",
        "CII has ram:PayeeTradeParty/ram:SpecifiedLegalOrganization/ram:ID (BT-61); UBL cac:PayeeParty has no cac:PartyLegalEntity"
    ),
    .init(
        "01.04_comprehensive_test",
        "seller.contact.name",
        ubl: "Tim Tester",
        cii: "Testorganisation",
        "CII has ram:DepartmentName Testorganisation and no ram:PersonName (BT-41); UBL cac:Contact/cbc:Name Tim Tester"
    ),
    .init(
        "01.04_comprehensive_test",
        "totals.rounding_amount",
        ubl: nil,
        cii: "0",
        "CII has ram:RoundingAmount 0 (BT-114); UBL has no cbc:PayableRoundingAmount"
    ),
    .init(
        "01.05_minimal_test",
        "lines[0].price.net_price",
        ubl: "158.125",
        cii: "158.1250000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.05_minimal_test",
        "lines[0].quantity.value",
        ubl: "30",
        cii: "30.00000000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.05_minimal_test",
        "totals.vat_total.currency",
        ubl: "EUR",
        cii: nil,
        "UBL has cac:TaxTotal/cbc:TaxAmount 0 (BT-110); CII has no ram:TaxTotalAmount"
    ),
    .init(
        "01.05_minimal_test",
        "totals.vat_total.value",
        ubl: "0",
        cii: nil,
        "UBL has cac:TaxTotal/cbc:TaxAmount 0 (BT-110); CII has no ram:TaxTotalAmount"
    ),
    .init(
        "01.05_minimal_test",
        "vat_breakdown[0].tax_amount",
        ubl: "0",
        cii: "0.00",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.06_minimal_test",
        "lines[0].price.net_price",
        ubl: "132.878",
        cii: "132.8780000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.06_minimal_test",
        "lines[0].quantity.value",
        ubl: "30",
        cii: "30.00000000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.08a-INVOICE",
        "purchase_order_reference",
        ubl: "Dummywert",
        cii: nil,
        "UBL needs cac:OrderReference/cbc:ID to carry cbc:SalesOrderID (BT-14) and fills it with a placeholder; CII has no ram:BuyerOrderReferencedDocument (BT-13)"
    ),
    .init(
        "01.09a-INVOICE",
        "purchase_order_reference",
        ubl: "Dummywert",
        cii: nil,
        "UBL needs cac:OrderReference/cbc:ID to carry cbc:SalesOrderID (BT-14) and fills it with a placeholder; CII has no ram:BuyerOrderReferencedDocument (BT-13)"
    ),
    .init(
        "01.10a-INVOICE",
        "purchase_order_reference",
        ubl: "Dummywert",
        cii: nil,
        "UBL needs cac:OrderReference/cbc:ID to carry cbc:SalesOrderID (BT-14) and fills it with a placeholder; CII has no ram:BuyerOrderReferencedDocument (BT-13)"
    ),
    .init(
        "01.11a-INVOICE",
        "purchase_order_reference",
        ubl: "Dummywert",
        cii: nil,
        "UBL needs cac:OrderReference/cbc:ID to carry cbc:SalesOrderID (BT-14) and fills it with a placeholder; CII has no ram:BuyerOrderReferencedDocument (BT-13)"
    ),
    .init(
        "01.12a-INVOICE",
        "purchase_order_reference",
        ubl: "Dummywert",
        cii: nil,
        "UBL needs cac:OrderReference/cbc:ID to carry cbc:SalesOrderID (BT-14) and fills it with a placeholder; CII has no ram:BuyerOrderReferencedDocument (BT-13)"
    ),
    .init(
        "01.13a-INVOICE",
        "purchase_order_reference",
        ubl: "Dummywert",
        cii: nil,
        "UBL needs cac:OrderReference/cbc:ID to carry cbc:SalesOrderID (BT-14) and fills it with a placeholder; CII has no ram:BuyerOrderReferencedDocument (BT-13)"
    ),
    .init(
        "01.20a-INVOICE",
        "lines[0].price.base_quantity.value",
        ubl: "1",
        cii: "1.0000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.20a-INVOICE",
        "lines[0].price.discount",
        ubl: "10",
        cii: "10.000000000000000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.20a-INVOICE",
        "lines[0].price.gross_price",
        ubl: "110",
        cii: "110.0000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.20a-INVOICE",
        "lines[0].price.net_price",
        ubl: "100",
        cii: "100.0000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.20a-INVOICE",
        "lines[0].vat_rate",
        ubl: "19",
        cii: "19.00",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.20a-INVOICE",
        "lines[1].price.base_quantity.value",
        ubl: "1",
        cii: "1.0000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.20a-INVOICE",
        "lines[1].price.discount",
        ubl: "10",
        cii: "10.0000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.20a-INVOICE",
        "lines[1].price.gross_price",
        ubl: "110",
        cii: "110.0000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.20a-INVOICE",
        "lines[1].price.net_price",
        ubl: "100",
        cii: "100.0000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.20a-INVOICE",
        "lines[1].vat_rate",
        ubl: "19",
        cii: "19.00",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.20a-INVOICE",
        "seller.address.city",
        ubl: "[Seller city]",
        cii: "[City]",
        "UBL's seller address has the placeholders [Seller street]/[Seller city]; CII's [Street]/[City]"
    ),
    .init(
        "01.20a-INVOICE",
        "seller.address.line_1",
        ubl: "[Seller street]",
        cii: "[Street]",
        "UBL's seller address has the placeholders [Seller street]/[Seller city]; CII's [Street]/[City]"
    ),
    .init(
        "01.20a-INVOICE",
        "totals.allowance_total",
        ubl: nil,
        cii: "0.00",
        "CII writes the total 0.00 (BT-107/108/113); UBL leaves it out"
    ),
    .init(
        "01.20a-INVOICE",
        "totals.charge_total",
        ubl: nil,
        cii: "0.00",
        "CII writes the total 0.00 (BT-107/108/113); UBL leaves it out"
    ),
    .init(
        "01.20a-INVOICE",
        "totals.paid_amount",
        ubl: nil,
        cii: "0.00",
        "CII writes the total 0.00 (BT-107/108/113); UBL leaves it out"
    ),
    .init(
        "01.20a-INVOICE",
        "vat_breakdown[0].rate",
        ubl: "19",
        cii: "19.00",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.21a-INVOICE",
        "charges[0].vat_rate",
        ubl: "0",
        cii: "0.00",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.21a-INVOICE",
        "lines[0].quantity.value",
        ubl: "4",
        cii: "4.00",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.21a-INVOICE",
        "lines[0].vat_rate",
        ubl: "0",
        cii: "0.00",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "01.21a-INVOICE",
        "payment_instructions.means[0].text",
        ubl: "Information",
        cii: "Rechnung",
        "UBL cbc:PaymentMeansCode/@name is Information, CII ram:Information Rechnung (BT-82)"
    ),
    .init(
        "01.21a-INVOICE",
        "seller.vat_identifier",
        ubl: "DE 123456789",
        cii: "DE152338654",
        "the files carry different seller VAT identifiers (BT-31)"
    ),
    .init(
        "01.21a-INVOICE",
        "totals.allowance_total",
        ubl: nil,
        cii: "0.00",
        "CII writes the total 0.00 (BT-107/108/113); UBL leaves it out"
    ),
    .init(
        "01.21a-INVOICE",
        "vat_breakdown[0].exemption_reason",
        ubl: "Umkehrung der Steuerschuldnerschaft",
        cii: "als gemeinnützig anerkannt",
        "UBL's cac:TaxSubtotal has Umkehrung der Steuerschuldnerschaft, CII's header ram:ApplicableTradeTax als gemeinnützig anerkannt (BT-120)"
    ),
    .init(
        "01.21a-INVOICE",
        "vat_breakdown[0].rate",
        ubl: "0",
        cii: "0.00",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "02.01a-INVOICE",
        "totals.rounding_amount",
        ubl: nil,
        cii: "0",
        "CII has ram:RoundingAmount 0 (BT-114); UBL has no cbc:PayableRoundingAmount"
    ),
    .init(
        "02.01a-cvd_INVOICE",
        "lines[0].item.attributes[0].name",
        ubl: "cva",
        cii: "Leistung",
        "both have the same six item attributes (BG-32) in another order: UBL starts with cva/clean, CII ends with it"
    ),
    .init(
        "02.01a-cvd_INVOICE",
        "lines[0].item.attributes[0].value",
        ubl: "clean",
        cii: "[Leistung Value]",
        "both have the same six item attributes (BG-32) in another order: UBL starts with cva/clean, CII ends with it"
    ),
    .init(
        "02.01a-cvd_INVOICE",
        "lines[0].item.attributes[1].name",
        ubl: "Leistung",
        cii: "Länge",
        "both have the same six item attributes (BG-32) in another order: UBL starts with cva/clean, CII ends with it"
    ),
    .init(
        "02.01a-cvd_INVOICE",
        "lines[0].item.attributes[1].value",
        ubl: "[Leistung Value]",
        cii: "[Länge Value]",
        "both have the same six item attributes (BG-32) in another order: UBL starts with cva/clean, CII ends with it"
    ),
    .init(
        "02.01a-cvd_INVOICE",
        "lines[0].item.attributes[2].name",
        ubl: "Länge",
        cii: "Starthöchstmasse",
        "both have the same six item attributes (BG-32) in another order: UBL starts with cva/clean, CII ends with it"
    ),
    .init(
        "02.01a-cvd_INVOICE",
        "lines[0].item.attributes[2].value",
        ubl: "[Länge Value]",
        cii: "[Starthöchstmasse Value]",
        "both have the same six item attributes (BG-32) in another order: UBL starts with cva/clean, CII ends with it"
    ),
    .init(
        "02.01a-cvd_INVOICE",
        "lines[0].item.attributes[3].name",
        ubl: "Starthöchstmasse",
        cii: "Laufleistung",
        "both have the same six item attributes (BG-32) in another order: UBL starts with cva/clean, CII ends with it"
    ),
    .init(
        "02.01a-cvd_INVOICE",
        "lines[0].item.attributes[3].value",
        ubl: "[Starthöchstmasse Value]",
        cii: "[Laufleistung Value]",
        "both have the same six item attributes (BG-32) in another order: UBL starts with cva/clean, CII ends with it"
    ),
    .init(
        "02.01a-cvd_INVOICE",
        "lines[0].item.attributes[4].name",
        ubl: "Laufleistung",
        cii: "Zeitpunkt Inbetriebnahme",
        "both have the same six item attributes (BG-32) in another order: UBL starts with cva/clean, CII ends with it"
    ),
    .init(
        "02.01a-cvd_INVOICE",
        "lines[0].item.attributes[4].value",
        ubl: "[Laufleistung Value]",
        cii: "[Zeitpunkt Inbetriebnahme Value]",
        "both have the same six item attributes (BG-32) in another order: UBL starts with cva/clean, CII ends with it"
    ),
    .init(
        "02.01a-cvd_INVOICE",
        "lines[0].item.attributes[5].name",
        ubl: "Zeitpunkt Inbetriebnahme",
        cii: "cva",
        "both have the same six item attributes (BG-32) in another order: UBL starts with cva/clean, CII ends with it"
    ),
    .init(
        "02.01a-cvd_INVOICE",
        "lines[0].item.attributes[5].value",
        ubl: "[Zeitpunkt Inbetriebnahme Value]",
        cii: "clean",
        "both have the same six item attributes (BG-32) in another order: UBL starts with cva/clean, CII ends with it"
    ),
    .init(
        "02.01a-cvd_INVOICE",
        "lines[0].item.description",
        ubl: "Gruppe von Fahrzeug XY der Klasse Z",
        cii: "Gruppe von Fahrzeugde XY der Klasse Z",
        "CII writes Fahrzeugde, UBL Fahrzeug (BT-154)"
    ),
    .init(
        "02.01a-cvd_INVOICE",
        "lines[0].price.discount",
        ubl: "10000",
        cii: "10000.000000000000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "02.01a-cvd_INVOICE",
        "lines[0].price.gross_price",
        ubl: "168125",
        cii: "168125.0000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "02.01a-cvd_INVOICE",
        "lines[0].price.net_price",
        ubl: "158125",
        cii: "158125.0000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "02.01a-cvd_INVOICE",
        "lines[0].quantity.value",
        ubl: "30",
        cii: "30.00000000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "02.01a-cvd_INVOICE",
        "payee.legal_registration_identifier.id",
        ubl: nil,
        cii: "90000000-03083-72",
        "CII has ram:PayeeTradeParty/ram:SpecifiedLegalOrganization/ram:ID (BT-61); UBL cac:PayeeParty has no cac:PartyLegalEntity"
    ),
    .init(
        "02.01a-cvd_INVOICE",
        "payee.legal_registration_identifier.scheme",
        ubl: nil,
        cii: "0204",
        "CII has ram:PayeeTradeParty/ram:SpecifiedLegalOrganization/ram:ID (BT-61); UBL cac:PayeeParty has no cac:PartyLegalEntity"
    ),
    .init(
        "02.01a-cvd_INVOICE",
        "seller.identifiers[0].id",
        ubl: "987654321",
        cii: "9876543217894897438",
        "CII has two ram:ID without scheme before ram:GlobalID 0088 (BT-29); UBL only the 0088 cac:PartyIdentification"
    ),
    .init(
        "02.01a-cvd_INVOICE",
        "seller.identifiers[0].scheme",
        ubl: "0088",
        cii: nil,
        "CII has two ram:ID without scheme before ram:GlobalID 0088 (BT-29); UBL only the 0088 cac:PartyIdentification"
    ),
    .init(
        "02.01a-cvd_INVOICE",
        "seller.identifiers[1].id",
        ubl: nil,
        cii: "748387437438",
        "CII has two ram:ID without scheme before ram:GlobalID 0088 (BT-29); UBL only the 0088 cac:PartyIdentification"
    ),
    .init(
        "02.01a-cvd_INVOICE",
        "seller.identifiers[2].id",
        ubl: nil,
        cii: "987654321",
        "CII has two ram:ID without scheme before ram:GlobalID 0088 (BT-29); UBL only the 0088 cac:PartyIdentification"
    ),
    .init(
        "02.01a-cvd_INVOICE",
        "seller.identifiers[2].scheme",
        ubl: nil,
        cii: "0088",
        "CII has two ram:ID without scheme before ram:GlobalID 0088 (BT-29); UBL only the 0088 cac:PartyIdentification"
    ),
    .init(
        "02.01a-cvd_INVOICE",
        "totals.rounding_amount",
        ubl: nil,
        cii: "0",
        "CII has ram:RoundingAmount 0 (BT-114); UBL has no cbc:PayableRoundingAmount"
    ),
    .init(
        "02.01a-cvd_INVOICE",
        "vat_breakdown[0].taxable_amount",
        ubl: "10781250",
        cii: "10781250.00",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "02.02a-INVOICE",
        "totals.rounding_amount",
        ubl: nil,
        cii: "0",
        "CII has ram:RoundingAmount 0 (BT-114); UBL has no cbc:PayableRoundingAmount"
    ),
    .init(
        "02.03a-INVOICE",
        "totals.rounding_amount",
        ubl: nil,
        cii: "0",
        "CII has ram:RoundingAmount 0 (BT-114); UBL has no cbc:PayableRoundingAmount"
    ),
    .init(
        "02.04a-INVOICE",
        "totals.rounding_amount",
        ubl: nil,
        cii: "0",
        "CII has ram:RoundingAmount 0 (BT-114); UBL has no cbc:PayableRoundingAmount"
    ),
    .init(
        "02.06a-INVOICE",
        "lines[1].net_amount",
        ubl: "-19",
        cii: "-19.00",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "02.06a-INVOICE",
        "lines[1].price.net_price",
        ubl: "1",
        cii: "1.00",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "03.01a-INVOICE",
        "buyer.trading_name",
        ubl: "[Buyer name]",
        cii: nil,
        "UBL has cac:PartyName/cbc:Name (BT-45); CII has no ram:TradingBusinessName for the buyer"
    ),
    .init(
        "03.04a-INVOICE",
        "lines[0].price.net_price",
        ubl: "0.0258",
        cii: "0.02580",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "03.04a-INVOICE",
        "lines[2].price.net_price",
        ubl: "0.0003",
        cii: "0.00030",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "03.04a-INVOICE",
        "lines[5].net_amount",
        ubl: "1.7",
        cii: "1.70",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "03.04a-INVOICE",
        "lines[5].price.net_price",
        ubl: "1.7",
        cii: "1.70",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "03.04a-INVOICE",
        "lines[7].price.net_price",
        ubl: "0.0008",
        cii: "0.00080",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "03.04a-INVOICE",
        "totals.paid_amount",
        ubl: "39839",
        cii: "39839.00",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "03.04a-INVOICE",
        "totals.vat_total.value",
        ubl: "6679.8",
        cii: "6679.80",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "03.04a-INVOICE",
        "vat_breakdown[0].tax_amount",
        ubl: "6679.8",
        cii: "6679.80",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "03.05a-INVOICE",
        "lines[2].net_amount",
        ubl: "37736.9",
        cii: "37736.90",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "03.06a-INVOICE",
        "buyer.address.city",
        ubl: "12345",
        cii: "Testhausen",
        "UBL writes the post code in cbc:CityName and the city in cbc:PostalZone"
    ),
    .init(
        "03.06a-INVOICE",
        "buyer.address.post_code",
        ubl: "Testhausen",
        cii: "12345",
        "UBL writes the post code in cbc:CityName and the city in cbc:PostalZone"
    ),
    .init(
        "03.06a-INVOICE",
        "lines[0].price.discount",
        ubl: "10.00",
        cii: "10.000000000000000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "03.06a-INVOICE",
        "lines[1].price.discount",
        ubl: "10.00",
        cii: "10.000000000000000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "03.06a-INVOICE",
        "seller.address.city",
        ubl: "12345",
        cii: "Testhausen",
        "UBL writes the post code in cbc:CityName and the city in cbc:PostalZone"
    ),
    .init(
        "03.06a-INVOICE",
        "seller.address.post_code",
        ubl: "Testhausen",
        cii: "12345",
        "UBL writes the post code in cbc:CityName and the city in cbc:PostalZone"
    ),
    .init(
        "03.07a-INVOICE",
        "lines[0].price.discount",
        ubl: "10000",
        cii: "10000.000000000000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "03.07a-INVOICE",
        "lines[0].price.gross_price",
        ubl: "168125",
        cii: "168125.0000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "03.07a-INVOICE",
        "lines[0].price.net_price",
        ubl: "158125",
        cii: "158125.0000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "03.07a-INVOICE",
        "lines[0].quantity.value",
        ubl: "30",
        cii: "30.00000000000",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
    .init(
        "03.07a-INVOICE",
        "payee.legal_registration_identifier.id",
        ubl: nil,
        cii: "90000000-03083-72",
        "CII has ram:PayeeTradeParty/ram:SpecifiedLegalOrganization/ram:ID (BT-61); UBL cac:PayeeParty has no cac:PartyLegalEntity"
    ),
    .init(
        "03.07a-INVOICE",
        "payee.legal_registration_identifier.scheme",
        ubl: nil,
        cii: "0204",
        "CII has ram:PayeeTradeParty/ram:SpecifiedLegalOrganization/ram:ID (BT-61); UBL cac:PayeeParty has no cac:PartyLegalEntity"
    ),
    .init(
        "03.07a-INVOICE",
        "seller.identifiers[0].id",
        ubl: "987654321",
        cii: "9876543217894897438",
        "CII has two ram:ID without scheme before ram:GlobalID 0088 (BT-29); UBL only the 0088 cac:PartyIdentification"
    ),
    .init(
        "03.07a-INVOICE",
        "seller.identifiers[0].scheme",
        ubl: "0088",
        cii: nil,
        "CII has two ram:ID without scheme before ram:GlobalID 0088 (BT-29); UBL only the 0088 cac:PartyIdentification"
    ),
    .init(
        "03.07a-INVOICE",
        "seller.identifiers[1].id",
        ubl: nil,
        cii: "748387437438",
        "CII has two ram:ID without scheme before ram:GlobalID 0088 (BT-29); UBL only the 0088 cac:PartyIdentification"
    ),
    .init(
        "03.07a-INVOICE",
        "seller.identifiers[2].id",
        ubl: nil,
        cii: "987654321",
        "CII has two ram:ID without scheme before ram:GlobalID 0088 (BT-29); UBL only the 0088 cac:PartyIdentification"
    ),
    .init(
        "03.07a-INVOICE",
        "seller.identifiers[2].scheme",
        ubl: nil,
        cii: "0088",
        "CII has two ram:ID without scheme before ram:GlobalID 0088 (BT-29); UBL only the 0088 cac:PartyIdentification"
    ),
    .init(
        "03.07a-INVOICE",
        "totals.rounding_amount",
        ubl: nil,
        cii: "0",
        "CII has ram:RoundingAmount 0 (BT-114); UBL has no cbc:PayableRoundingAmount"
    ),
    .init(
        "03.07a-INVOICE",
        "vat_breakdown[0].taxable_amount",
        ubl: "10781250",
        cii: "10781250.00",
        "same number written differently (amounts, quantities and rates stay as written)"
    ),
]
