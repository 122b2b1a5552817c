/**
 * The demo group "Frühstücksrunde Musterstadt": believable members of a German breakfast circle,
 * one per trade, each with a Warum in their own voice. Used by `npm run demo` and the benchmarks.
 */
export type DemoMember = {
  name: string;
  role: 'host' | 'member';
  trades: string[];
  region: string;
  website: string;
  phone: string;
  isPublic: boolean;
  warum: string;
  offer: string;
  goodReferral: string;
};

export const DEMO_GROUP = { name: 'Frühstücksrunde Musterstadt', city: 'Musterstadt', locale: 'de' as const };
export const DEMO_PASSWORD = 'kreis-demo-2026';
export const demoEmail = (name: string) =>
  `${name.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss').replace(/[^a-z]+/g, '.')}@demo.kreis.example`;

export const DEMO_MEMBERS: DemoMember[] = [
  {
    name: 'Sabine Krüger',
    role: 'host',
    trades: ['Unternehmensberatung'],
    region: 'Musterstadt und Umland',
    website: 'https://krueger-beratung.example',
    phone: '+49 5555 120 340',
    isPublic: true,
    warum:
      'Ich habe erlebt, wie ein Familienbetrieb an fehlender Nachfolgeplanung zerbrochen ist – der meiner Eltern. Seitdem begleite ich Inhaberinnen und Inhaber, damit ihr Lebenswerk weiterlebt. Dieser Kreis ist für mich der Ort, an dem Unternehmer einander Vertrauen vorschießen.',
    offer: 'Nachfolgeplanung, Strategie-Workshops für Betriebe mit 5–50 Mitarbeitenden, Moderation von Gesellschafterrunden.',
    goodReferral: 'Eine Inhaberin oder ein Inhaber über 55, der sich fragt, wie es mit dem Betrieb weitergeht.',
  },
  {
    name: 'Thomas Berger',
    role: 'member',
    trades: ['Steuerberatung'],
    region: 'Musterstadt',
    website: 'https://berger-steuer.example',
    phone: '+49 5555 220 110',
    isPublic: true,
    warum:
      'Zahlen erzählen Geschichten – und viel zu oft erzählen sie von Angst, weil niemand sie erklärt hat. Ich möchte, dass Gründerinnen und Handwerker ihre Zahlen verstehen und ruhig schlafen können. Steuern sind kein Schicksal, sondern etwas, das man gestalten kann.',
    offer: 'Steuerberatung für Selbständige, Onlinehändler und kleine GmbHs; laufende Buchhaltung, Jahresabschluss, Existenzgründungsberatung.',
    goodReferral: 'Gründerinnen im ersten oder zweiten Jahr und Onlinehändler, die international verkaufen und beim Thema Umsatzsteuer unsicher sind.',
  },
  {
    name: 'Aylin Demir',
    role: 'member',
    trades: ['Webdesign'],
    region: 'Musterstadt, remote bundesweit',
    website: 'https://demir-web.example',
    phone: '+49 5555 330 220',
    isPublic: true,
    warum:
      'Viele großartige kleine Betriebe sind im Netz unsichtbar. Ich baue Websites, die so ehrlich sind wie die Menschen dahinter – schnell, barrierefrei und ohne Baukasten-Einheitsbrei. Wenn ein Bäcker nach dem Relaunch sagt „Das sind wirklich wir“, weiß ich, warum ich das mache.',
    offer: 'Websites und Onlineshops, Barrierefreiheit nach WCAG, Suchmaschinenoptimierung, Pflegeverträge.',
    goodReferral: 'Ein Betrieb mit einer veralteten Website, der neue Kundschaft oder Fachkräfte sucht.',
  },
  {
    name: 'Jonas Weber',
    role: 'member',
    trades: ['Fotografie'],
    region: 'Musterstadt und 50 km Umkreis',
    website: 'https://jonasweber-foto.example',
    phone: '+49 5555 440 330',
    isPublic: false,
    warum:
      'Ein gutes Porträt zeigt, wofür jemand steht. Ich fotografiere Unternehmerinnen und Teams so, dass man ihnen vertraut, bevor man sie kennt – weil ich selbst lange Kunde von Menschen war, deren Bilder nichts über sie sagten.',
    offer: 'Business-Porträts, Teamfotos, Reportagen aus dem Betrieb, Bildmaterial für Websites und Stellenanzeigen.',
    goodReferral: 'Jemand, der gerade eine neue Website, einen Messeauftritt oder eine Stellenkampagne plant.',
  },
  {
    name: 'Claudia Neumann',
    role: 'member',
    trades: ['Versicherungsmakler'],
    region: 'Musterstadt, Kreis Beispielland',
    website: 'https://neumann-makler.example',
    phone: '+49 5555 550 440',
    isPublic: false,
    warum:
      'Als mein Vater nach einem Arbeitsunfall ohne passende Absicherung dastand, habe ich gelernt, wie viel vom Kleingedruckten abhängt. Ich berate unabhängig, damit Selbständige im Ernstfall nicht allein sind – und ich sage auch, wenn eine Versicherung überflüssig ist.',
    offer: 'Gewerbe- und Betriebshaftpflicht, Berufsunfähigkeit für Selbständige, Vergleich bestehender Verträge.',
    goodReferral: 'Selbständige, die ihre Verträge seit Jahren nicht angesehen haben, oder Betriebe, die gerade Mitarbeitende einstellen.',
  },
  {
    name: 'Markus Schäfer',
    role: 'member',
    trades: ['Elektroinstallation'],
    region: 'Musterstadt und Nachbargemeinden',
    website: 'https://schaefer-elektro.example',
    phone: '+49 5555 660 550',
    isPublic: true,
    warum:
      'Ich bin Elektromeister in dritter Generation und möchte, dass Häuser in unserer Stadt die Energiewende schaffen, ohne dass ihre Besitzer sich verschulden. Jede Wallbox und jede Photovoltaikanlage, die wir sauber installieren, ist ein kleines Stück Zukunft vor Ort.',
    offer: 'Elektroinstallation, Photovoltaik, Wallboxen, E-Check für Gewerbe, Smart-Home-Nachrüstung.',
    goodReferral: 'Hausbesitzer oder Gewerbetreibende, die über PV, Wallbox oder eine Sanierung nachdenken.',
  },
  {
    name: 'Petra Hoffmann',
    role: 'member',
    trades: ['Arbeitsrecht'],
    region: 'Musterstadt',
    website: 'https://hoffmann-arbeitsrecht.example',
    phone: '+49 5555 770 660',
    isPublic: false,
    warum:
      'Die meisten Streitigkeiten im Betrieb entstehen aus Unsicherheit, nicht aus böser Absicht. Ich helfe kleinen Arbeitgebern, faire Verträge zu schreiben und Konflikte zu lösen, bevor sie vor Gericht landen. Gute Arbeitsbeziehungen sind für mich die Grundlage jedes gesunden Unternehmens.',
    offer: 'Arbeitsverträge, Abmahnungen und Kündigungen, Beratung bei Konflikten, Schulungen für Führungskräfte.',
    goodReferral: 'Ein Betrieb, der zum ersten Mal Mitarbeitende einstellt oder gerade einen Konflikt im Team hat.',
  },
  {
    name: 'Lena Fischer',
    role: 'member',
    trades: ['Physiotherapie'],
    region: 'Musterstadt-Mitte',
    website: 'https://physio-fischer.example',
    phone: '+49 5555 880 770',
    isPublic: true,
    warum:
      'Rückenschmerzen sind der häufigste Grund, warum Menschen in kleinen Betrieben ausfallen. Ich bringe Bewegung in Büros und Werkstätten, damit Menschen gesund bleiben, die ihren Betrieb tragen. Mir geht es um Vorbeugung, nicht erst um Reparatur.',
    offer: 'Physiotherapie, betriebliche Gesundheitsförderung, Arbeitsplatzanalysen, Rückenkurse im Betrieb.',
    goodReferral: 'Ein Arbeitgeber, der etwas für die Gesundheit seines Teams tun möchte, oder jemand nach einer Sportverletzung.',
  },
  {
    name: 'Stefan Wagner',
    role: 'member',
    trades: ['Immobilienmakler'],
    region: 'Musterstadt und Landkreis',
    website: 'https://wagner-immobilien.example',
    phone: '+49 5555 990 880',
    isPublic: false,
    warum:
      'Ein Haus zu verkaufen ist selten nur ein Geschäft – oft ist es ein Abschied. Ich begleite Menschen in diesen Momenten ehrlich und ohne Druck und finde Käufer, die das Haus weiter mit Leben füllen. Unsere Region soll bezahlbar und lebendig bleiben.',
    offer: 'Verkauf und Vermietung von Wohn- und Gewerbeimmobilien, Wertermittlung, Begleitung bei Erbfällen.',
    goodReferral: 'Eigentümer, die erben, sich verkleinern wollen oder eine Gewerbefläche suchen.',
  },
  {
    name: 'Miriam Schulz',
    role: 'member',
    trades: ['Catering'],
    region: 'Musterstadt und Umgebung',
    website: 'https://schulz-kocht.example',
    phone: '+49 5555 101 990',
    isPublic: true,
    warum:
      'Am Tisch entsteht Vertrauen – das erlebe ich jeden Morgen in dieser Runde. Ich koche regional und saisonal, damit Firmenfeiern, Workshops und Jubiläen zu Momenten werden, an die man sich erinnert. Jeder Teller soll zeigen, was unsere Region kann.',
    offer: 'Catering für Firmenfeiern, Tagungen und Workshops, Frühstücksbuffets, vegetarische und vegane Menüs.',
    goodReferral: 'Ein Unternehmen, das ein Jubiläum, eine Eröffnung oder einen Workshop mit mehr als 15 Gästen plant.',
  },
  {
    name: 'Kai Richter',
    role: 'member',
    trades: ['IT-Service'],
    region: 'Musterstadt, Fernwartung bundesweit',
    website: 'https://richter-it.example',
    phone: '+49 5555 121 010',
    isPublic: false,
    warum:
      'Ich habe gesehen, wie ein Handwerksbetrieb nach einem Verschlüsselungstrojaner drei Wochen stillstand. Seitdem sorge ich dafür, dass kleine Firmen dieselbe Sicherheit bekommen wie große – verständlich erklärt und zu einem fairen Preis.',
    offer: 'IT-Betreuung für Betriebe bis 30 Arbeitsplätze, Datensicherung, IT-Sicherheit, Microsoft 365, Telefonanlagen.',
    goodReferral: 'Ein Betrieb ohne eigene IT-Abteilung, dessen Datensicherung „irgendwer mal eingerichtet hat“.',
  },
  {
    name: 'Anna Lehmann',
    role: 'member',
    trades: ['Druckerei'],
    region: 'Musterstadt, Versand bundesweit',
    website: 'https://lehmann-druck.example',
    phone: '+49 5555 131 120',
    isPublic: true,
    warum:
      'Papier, das man gern in die Hand nimmt, bleibt im Gedächtnis. Ich führe unsere Familiendruckerei nachhaltig weiter, mit Recyclingpapier und Ökostrom, weil ich glaube, dass Gedrucktes auch in einer digitalen Welt Vertrauen schafft.',
    offer: 'Visitenkarten, Flyer, Broschüren, Verpackungen, Werbetechnik, nachhaltige Druckprodukte.',
    goodReferral: 'Jemand, der gerade gründet, sein Erscheinungsbild erneuert oder eine Messe plant.',
  },
];

/** The ten-minute talk at each breakfast, in turn. */
export const TALKS: { speaker: string; title: string }[] = [
  { speaker: 'Thomas Berger', title: 'Umsatzsteuer im Onlinehandel – was Gründerinnen wissen müssen' },
  { speaker: 'Aylin Demir', title: 'Barrierefreie Websites: was ab 2025 Pflicht ist' },
  { speaker: 'Markus Schäfer', title: 'Photovoltaik auf dem Betriebsdach – rechnet sich das?' },
  { speaker: 'Petra Hoffmann', title: 'Die fünf häufigsten Fehler im Arbeitsvertrag' },
  { speaker: 'Lena Fischer', title: 'Bewegte Pause: zehn Minuten gegen Rückenschmerzen' },
  { speaker: 'Kai Richter', title: 'Datensicherung nach der 3-2-1-Regel' },
  { speaker: 'Claudia Neumann', title: 'Betriebshaftpflicht: wann sie zahlt und wann nicht' },
  { speaker: 'Anna Lehmann', title: 'Nachhaltig drucken ohne Mehrkosten' },
  { speaker: 'Jonas Weber', title: 'Das Porträt, dem man vertraut' },
  { speaker: 'Stefan Wagner', title: 'Was ist mein Haus wert? Wertermittlung verständlich' },
  { speaker: 'Miriam Schulz', title: 'Regional und saisonal bewirten – auch für 100 Gäste' },
  { speaker: 'Sabine Krüger', title: 'Nachfolge planen, bevor es eilt' },
];

/** Visitors who came to a breakfast through its guest link (`breakfastsAgo`: 0 is the next one). */
export const GUESTS = [
  { breakfastsAgo: 19, name: 'Sven Kramer', trade: 'Tischlerei', email: 'sven.kramer@gast.example', warum: 'Ich baue Möbel, die Generationen halten.' },
  { breakfastsAgo: 14, name: 'Dr. Ute Brenner', trade: 'Zahnarztpraxis', email: '', warum: 'Angstpatienten sollen bei uns gern wiederkommen.' },
  { breakfastsAgo: 9, name: 'Hannah Voss', trade: 'Marketingberatung', email: 'hannah@voss-marketing.example', warum: 'Kleine Betriebe verdienen gutes Marketing.' },
  { breakfastsAgo: 3, name: 'Emre Kaya', trade: 'Kfz-Werkstatt', email: '', warum: 'Ehrliche Reparaturen, faire Preise.' },
  { breakfastsAgo: 0, name: 'Julia Sommer', trade: 'Hörakustik', email: 'julia@sommer-hoeren.example', warum: 'Gutes Hören hält Menschen im Gespräch.' },
];

/** Private notes after a one-to-one; {name} is the other member's first name. */
export const ONE_TO_ONE_NOTES = [
  'Kaffee bei {name} im Büro. Wir haben viele gemeinsame Kunden im Gewerbegebiet Nord – da geht noch mehr.',
  '{name} arbeitet sehr strukturiert; ich kann guten Gewissens empfehlen. Nächstes Mal Visitenkarten mitbringen.',
  'Spaziergang an der Mühle. {name} sucht vor allem Betriebe, die gerade wachsen – ich denke an Holzbau Seidel.',
  'Wir wollen im Frühjahr einen gemeinsamen Workshop für Gründerinnen anbieten. {name} schickt einen Terminvorschlag.',
  'Endlich verstanden, was {name} genau macht: Auch Betriebe mit weniger als zehn Mitarbeitenden sind willkommen.',
  'Mittagessen mit {name}. Offen gesprochen, auch über schwierige Kunden. Vertrauen gewachsen.',
  '{name} hat mir zwei Kontakte aus dem Handwerk genannt; ich melde mich bei beiden bis Ende des Monats.',
];
