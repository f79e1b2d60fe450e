/// Finds the tenant of a received invoice: by the inbox subdirectory it arrived in, else by its buyer reference
/// (BT-10, the Leitweg-ID), else the default tenant; nil when none applies (the invoice is rejected).
struct TenantResolver: Sendable {
    var tenants: [PipelineConfiguration.Tenant]
    var defaultTenant: String?

    func tenant(sourceName: String, buyerReference: String?) -> String? {
        if let slash = sourceName.firstIndex(of: "/") {
            let directory = sourceName[..<slash]
            if let tenant = tenants.first(where: { $0.inboxDirectory.map { $0 == directory } ?? false }) {
                return tenant.id
            }
        }
        if let reference = buyerReference?.trimmingWhitespace(), !reference.isEmpty {
            // The longest matching prefix wins, so a narrower tenant can sit inside a wider one.
            var best: (id: String, length: Int)?
            for tenant in tenants {
                for prefix in tenant.buyerReferencePrefixes where reference.hasPrefix(prefix) {
                    if prefix.count > best?.length ?? -1 { best = (tenant.id, prefix.count) }
                }
            }
            if let best { return best.id }
        }
        return defaultTenant
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
