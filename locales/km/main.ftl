## ទន្លេ៖ អត្ថបទចំណុចប្រទាក់ជាភាសាខ្មែរ។ គ្រប់ key ទាំងអស់ត្រូវមាននៅក្នុង en/main.ftl ផងដែរ។

app-name = ទន្លេ
skip-to-content = រំលងទៅខ្លឹមសារ
language = ភាសា
nav-label = ម៉ឺនុយមេ
nav-home = ទំព័រដើម
nav-places = ទីកន្លែង
nav-projects = គម្រោង
nav-organisations = អង្គការ
nav-users = អ្នកប្រើប្រាស់
sign-in = ចូលប្រើ
sign-out = ចាកចេញ
sign-in-title = ចូលប្រើទន្លេ
sign-in-intro = ការគ្រប់គ្រងករណី ការបង្ការ និងការរាយការណ៍ សម្រាប់អង្គការប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្ស។
sign-in-failed = ឈ្មោះអ្នកប្រើ ឬពាក្យសម្ងាត់មិនត្រឹមត្រូវទេ។ សូមពិនិត្យ ហើយព្យាយាមម្តងទៀត។
field-username = ឈ្មោះអ្នកប្រើ
field-password = ពាក្យសម្ងាត់
footer-note = ទន្លេរក្សាព័ត៌មានរបស់អ្នករស់រានមានជីវិត នៅក្នុងអង្គការដែលផ្តល់សេវាដល់ពួកគេ។
back-home = ត្រឡប់ទៅទំព័រដើម
add = បន្ថែម
search = ស្វែងរក

## កំហុសដែលបង្ហាញជាទំព័រ
error-title-not-found = រកមិនឃើញទំព័រ
error-title-forbidden = មិនអនុញ្ញាត
error-title-internal = មានបញ្ហាកើតឡើង
error-title-bad-request = សំណើនេះមិនអាចប្រើបានទេ
error-method = អាសយដ្ឋាននេះមិនអាចប្រើតាមរបៀបនេះបានទេ។ សូមត្រឡប់ក្រោយ ហើយប្រើប៊ូតុងនៅលើទំព័រ។
error-too-large = អ្វីដែលបានផ្ញើធំពេក។
error-bad-request = អ្វីដែលបានផ្ញើមិនពេញលេញ ឬខូច។ សូមត្រឡប់ក្រោយ ផ្ទុកទំព័រឡើងវិញ ហើយព្យាយាមម្តងទៀត។
error-not-found = គ្មានអ្វីនៅអាសយដ្ឋាននេះទេ ឬវាមិនត្រូវបានចែករំលែកជាមួយអ្នក។
error-forbidden = តួនាទីរបស់អ្នកមិនអនុញ្ញាតឱ្យធ្វើការនេះទេ។ សូមសួរអ្នកគ្រប់គ្រងអង្គការរបស់អ្នក ប្រសិនបើអ្នកត្រូវការវា។
error-bad-csrf = ទម្រង់នេះផុតកំណត់ ឬមកពីគេហទំព័រផ្សេង។ សូមត្រឡប់ក្រោយ ផ្ទុកទំព័រឡើងវិញ ហើយផ្ញើម្តងទៀត។
error-internal = ទន្លេមិនអាចបញ្ចប់សំណើនេះបានទេ។ អ្វីដែលអ្នកបានវាយមិនត្រូវបានរក្សាទុកទេ។ សូមព្យាយាមម្តងទៀត។ ប្រសិនបើវាកើតឡើងម្តងទៀត សូមផ្តល់លេខយោងនេះដល់អ្នកគ្រប់គ្រង។
error-request-id = លេខយោង៖ { $id }

## ទំព័រដើម
home-title = ទំព័រដើម
home-greeting = សូមស្វាគមន៍ { $name }
home-counts = អ្វីដែលមានរហូតមកដល់ពេលនេះ
home-your-roles = តួនាទីរបស់អ្នក
home-intro-network-admin = អ្នកគ្រប់គ្រងបណ្តាញ៖ អង្គការសមាជិក អ្នកគ្រប់គ្រងរបស់ពួកគេ និងទិន្នន័យយោងរួម។
home-intro-org-admin = អ្នកគ្រប់គ្រងអង្គការរបស់អ្នក៖ អ្នកប្រើប្រាស់ តួនាទីរបស់ពួកគេ និងគម្រោងនានា។
home-intro-case-manager = អ្នកត្រួតពិនិត្យការងារករណី និងអនុម័តការបិទករណី។
home-intro-case-worker = អ្នកតាមដានអ្នករស់រានមានជីវិតដែលបានចាត់ឱ្យអ្នក ចាប់ពីការទទួលរហូតដល់ការតាមដាន។
home-intro-shelter-staff = អ្នកមើលថែអ្នកស្នាក់នៅក្នុងមណ្ឌលស្នាក់នៅរបស់អង្គការអ្នក។
home-intro-legal-officer = អ្នកតាមដានករណីផ្លូវច្បាប់ ចាប់ពីពាក្យបណ្តឹងរហូតដល់សាលក្រម។
home-intro-me-officer = អ្នករាប់អ្វីដែលកម្មវិធីនានាធ្វើ ហើយរាយការណ៍ទៅម្ចាស់ជំនួយ។
home-intro-field-officer = អ្នកកត់ត្រាការងារបង្ការនៅតាមភូមិ៖ វគ្គផ្សព្វផ្សាយ វគ្គបណ្តុះបណ្តាល និងក្រុម។
home-intro-donor-viewer = អ្នកឃើញតែចំនួនសរុប និងសូចនាករ មិនដែលឃើញបុគ្គលណាម្នាក់ទេ។
home-intro-none = គណនីរបស់អ្នកមិនទាន់មានតួនាទីនៅឡើយទេ។ សូមស្នើអ្នកគ្រប់គ្រងឱ្យផ្តល់តួនាទីមួយ។
count-organisations = អង្គការ
count-users = អ្នកប្រើប្រាស់
count-projects = គម្រោង
count-villages = ភូមិក្នុងបញ្ជីឈ្មោះភូមិសាស្ត្រ

## ទីកន្លែង
places-title = ទីកន្លែង
places-intro = ខេត្ត ស្រុក ឃុំ និងភូមិ នៃប្រទេសកម្ពុជា ពីបញ្ជីឈ្មោះភូមិសាស្ត្រជាតិ។
place-search-title = ស្វែងរកទីកន្លែងតាមឈ្មោះ
place-search-label = ឈ្មោះជាអក្សរខ្មែរ ឬអក្សរឡាតាំង
place-search-hint = ឧទាហរណ៍៖ បាត់ដំបង, Battambang, អូរធំ
place-no-results = គ្មានទីកន្លែងណាមានឈ្មោះនេះទេ។ សូមសាកល្បងអក្ខរាវិរុទ្ធផ្សេង ឬអក្សរតិចជាងនេះ។
place-browse-title = ជ្រើសរើសតាមកម្រិត
place-show = បង្ហាញ
place-next-level = បង្ហាញកម្រិតបន្ទាប់
place-picker-legend = ទីកន្លែង
place-choose = — ជ្រើសរើស —
place-level = កម្រិត
place-name-km = ឈ្មោះជាភាសាខ្មែរ
place-name-latin = ឈ្មោះជាអក្សរឡាតាំង
place-code = លេខកូដ
place-path = ស្ថិតនៅក្នុង
place-province = ខេត្ត
place-district = ស្រុក
place-commune = ឃុំ
place-village = ភូមិ

## អង្គការ
organisations-title = អង្គការ
organisations-add = បន្ថែមអង្គការទៅក្នុងបណ្តាញ
organisations-added = អង្គការត្រូវបានបន្ថែម។
field-name = ឈ្មោះ
field-name-km = ឈ្មោះជាភាសាខ្មែរ
field-kind = ប្រភេទ
field-network = បណ្តាញ
kind-network = បណ្តាញ
kind-organisation = អង្គការ
field-based-in = មានមូលដ្ឋាននៅ
organisations-place-hint = ទីតាំងមូលដ្ឋានរបស់អង្គការ៖ សូមជ្រើសរើសឱ្យបានលម្អិតតាមដែលអ្នកដឹង (ខេត្តក៏គ្រប់គ្រាន់ដែរ)។

## គម្រោង
projects-title = គម្រោង
projects-none = មិនទាន់មានគម្រោងនៅឡើយទេ។
projects-add = បន្ថែមគម្រោង
projects-added = គម្រោងត្រូវបានបន្ថែម។
field-project = គម្រោង
field-organisation = អង្គការ
field-donor = ម្ចាស់ជំនួយ
field-period = រយៈពេល
field-budget = ថវិកា
field-start-date = កាលបរិច្ឆេទចាប់ផ្តើម
field-end-date = កាលបរិច្ឆេទបញ្ចប់
field-currency = រូបិយប័ណ្ណ

## អ្នកប្រើប្រាស់
users-title = អ្នកប្រើប្រាស់
users-add = បន្ថែមអ្នកប្រើប្រាស់
users-added = អ្នកប្រើប្រាស់ត្រូវបានបន្ថែម។
users-changed = ការផ្លាស់ប្តូរត្រូវបានរក្សាទុក។
users-password-once = សូមផ្តល់ពាក្យសម្ងាត់នេះដល់អ្នកប្រើប្រាស់ថ្មី។ វាបង្ហាញតែម្តងប៉ុណ្ណោះ៖
users-password-hint = ទុកពាក្យសម្ងាត់ឱ្យនៅទទេ ដើម្បីឱ្យទន្លេបង្កើតពាក្យសម្ងាត់រឹងមាំមួយ។
users-enable = បើកឡើងវិញ
users-disable = បិទ
users-status-active = សកម្ម
users-status-disabled = ត្រូវបានបិទ
field-display-name = ឈ្មោះ
field-display-name-km = ឈ្មោះជាភាសាខ្មែរ
field-roles = តួនាទី
field-status = ស្ថានភាព
field-actions = សកម្មភាព
field-role = តួនាទី

## គណនីផ្ទាល់ខ្លួន
account-title = គណនីរបស់ខ្ញុំ
account-change-password = ប្តូរពាក្យសម្ងាត់របស់ខ្ញុំ
account-current-password = ពាក្យសម្ងាត់បច្ចុប្បន្ន
account-new-password = ពាក្យសម្ងាត់ថ្មី
account-confirm-password = ពាក្យសម្ងាត់ថ្មីម្តងទៀត
account-password-hint = យ៉ាងហោចណាស់ 10 តួអក្សរ។ ពាក្យពីរបីដែលមិនទាក់ទងគ្នា ងាយចាំ ហើយពិបាកទាយ។ ការប្តូរវានឹងចាកចេញពីកម្មវិធីរុករកផ្សេងទៀតទាំងអស់។
account-password-changed = ពាក្យសម្ងាត់របស់អ្នកត្រូវបានប្តូរ។ កម្មវិធីរុករកផ្សេងទៀតត្រូវបានចាកចេញ។
account-current-wrong = នេះមិនមែនជាពាក្យសម្ងាត់បច្ចុប្បន្នរបស់អ្នកទេ។
account-confirm-differs = ពាក្យសម្ងាត់ថ្មីទាំងពីរមិនដូចគ្នាទេ។
account-sign-out-everywhere = ចាកចេញពីគ្រប់ទីកន្លែង
account-sign-out-everywhere-hint = បញ្ចប់គ្រប់វគ្គនៃគណនីរបស់អ្នក នៅលើកុំព្យូទ័រ ឬទូរស័ព្ទនេះ និងផ្សេងទៀតទាំងអស់។ សូមប្រើវា ប្រសិនបើអ្នកបានចូលប្រើលើឧបករណ៍ដែលប្រើរួមគ្នា ឬបាត់។

## តួនាទី
role-network-admin = អ្នកគ្រប់គ្រងបណ្តាញ
role-org-admin = អ្នកគ្រប់គ្រងអង្គការ
role-case-manager = អ្នកគ្រប់គ្រងករណី
role-case-worker = បុគ្គលិកករណី
role-shelter-staff = បុគ្គលិកមណ្ឌលស្នាក់នៅ
role-legal-officer = មន្ត្រីផ្នែកច្បាប់
role-me-officer = មន្ត្រីតាមដាន និងវាយតម្លៃ
role-field-officer = មន្ត្រីចុះមូលដ្ឋាន
role-donor-viewer = ម្ចាស់ជំនួយ (តែចំនួនសរុប)

## កំហុសក្នុងទម្រង់
error-required = ត្រូវតែបំពេញ។
error-too-long = វែងពេក។
error-control-characters = មានតួអក្សរដែលមិនអាចវាយបាន។ សូមលុបវាចេញ។
error-money = សូមសរសេរចំនួនទឹកប្រាក់ ដូចជា 1,250.50។
error-money-precision = រូបិយប័ណ្ណនេះមានខ្ទង់ទសភាគតិចជាងនេះ។ សូមលុបខ្ទង់លើស។
error-currency = សូមជ្រើសរើស KHR ឬ USD។
error-negative = ចំនួនទឹកប្រាក់មិនអាចអវិជ្ជមានបានទេ។
error-period-order = កាលបរិច្ឆេទបញ្ចប់នៅមុនកាលបរិច្ឆេទចាប់ផ្តើម។
error-date = សូមសរសេរកាលបរិច្ឆេទជា ឆ្នាំ-ខែ-ថ្ងៃ ឧទាហរណ៍ 2026-11-23។
error-place-code = នេះមិនមែនជាលេខកូដទីកន្លែងពីបញ្ជីឈ្មោះភូមិសាស្ត្រទេ។
error-place-unknown = ទីកន្លែងនេះមិនមាននៅក្នុងបញ្ជីឈ្មោះភូមិសាស្ត្រទេ។ សូមជ្រើសរើសពីបញ្ជី។
error-username = សូមប្រើអក្សរឡាតាំងតូច លេខ ចំណុច សញ្ញាដក ឬសញ្ញាគូសក្រោម ពី 3 ដល់ 64 តួ ដោយចាប់ផ្តើមដោយអក្សរ។
error-password-short = ពាក្យសម្ងាត់ត្រូវការយ៉ាងហោចណាស់ 10 តួអក្សរ។
error-org-name-taken = មានអង្គការផ្សេងទៀតប្រើឈ្មោះនេះរួចហើយ។
error-parent-not-network = អង្គការអាចបន្ថែមបានតែទៅក្នុងបណ្តាញប៉ុណ្ណោះ។
error-username-taken = មានអ្នកប្រើប្រាស់ផ្សេងទៀតប្រើឈ្មោះអ្នកប្រើនេះរួចហើយ។
error-membership-exists = អ្នកប្រើប្រាស់នេះមានតួនាទីក្នុងអង្គការនេះរួចហើយ។
error-role = សូមជ្រើសរើសតួនាទីមួយក្នុងបញ្ជី។
error-role-needs-network = មានតែបណ្តាញទេ ដែលអាចមានអ្នកគ្រប់គ្រងបណ្តាញ។
